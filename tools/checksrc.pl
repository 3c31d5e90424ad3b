#!/usr/bin/perl
# The source checker (curl's checksrc is the model). Rejects, in C files:
#   - banned functions: sprintf, vsprintf, strcpy, strcat, gets, atoi, atol
#   - assignments inside if/while conditions
#   - functions longer than 150 lines
#   - lines longer than 100 columns (clang-format keeps 80; this catches
#     what slips through), tabs, trailing white space
#   - a file that does not open with a comment saying what it is for
# Usage: perl tools/checksrc.pl FILE...   Exit 1 if anything is found.
use strict;
use warnings;

my $problems = 0;
my $MAX_FUNCTION = 150;

sub report {
  my ($file, $line, $msg) = @_;
  print STDERR "$file:$line: $msg\n";
  $problems++;
}

# The text of a condition from just after its '(' up to the matching ')'.
sub condition_text {
  my ($code, $start) = @_;
  my $depth = 1;
  my $i = $start;
  while ($i < length($code) && $depth > 0) {
    my $c = substr($code, $i, 1);
    $depth++ if $c eq '(';
    $depth-- if $c eq ')';
    $i++;
  }
  return substr($code, $start, $i - $start - 1);
}

for my $file (@ARGV) {
  open(my $fh, '<', $file) or die "$file: $!";
  my @lines = <$fh>;
  close($fh);
  my $first = join('', @lines[0 .. ($#lines < 2 ? $#lines : 2)]);
  report($file, 1, "file must start with a comment on its purpose")
    unless $first =~ m{^\s*(/\*|#!)};
  my ($in_comment, $depth, $func_start) = (0, 0, 0);
  for my $i (0 .. $#lines) {
    my $n = $i + 1;
    my $line = $lines[$i];
    chomp(my $raw = $line);
    report($file, $n, "tab character") if $raw =~ /\t/;
    report($file, $n, "trailing white space") if $raw =~ /[ ]+$/;
    report($file, $n, "line longer than 100 columns")
      if length($raw) > 100 && $raw !~ /"/;
    # Strip comments and string literals before looking at code.
    my $code = $raw;
    if ($in_comment) {
      if ($code =~ s{^.*?\*/}{}) { $in_comment = 0; } else { next; }
    }
    $code =~ s{/\*.*?\*/}{}g;
    if ($code =~ s{/\*.*$}{}) { $in_comment = 1; }
    $code =~ s{"(?:\\.|[^"\\])*"}{""}g;
    $code =~ s{'(?:\\.|[^'\\])*'}{''}g;
    for my $banned (qw(sprintf vsprintf strcpy strcat gets atoi atol)) {
      report($file, $n, "banned function $banned()")
        if $code =~ /(?<![\w.>])$banned\s*\(/;
    }
    while ($code =~ /\b(?:if|while)\s*\(/g) {
      my $cond = condition_text($code, pos($code));
      $cond =~ s/[=!<>]=//g;
      report($file, $n, "assignment inside a condition")
        if $cond =~ /(?<![+\-*\/%&|^])=/;
    }
    # Function length: a top-level '{' on its own line or after ')'.
    my $opens = () = $code =~ /\{/g;
    my $closes = () = $code =~ /\}/g;
    if ($depth == 0 && $opens > 0 && $code =~ /\)\s*\{\s*$|^\{/) {
      $func_start = $n;
    }
    $depth += $opens - $closes;
    if ($depth == 0 && $func_start) {
      report($file, $func_start,
             "function is " . ($n - $func_start) . " lines (max $MAX_FUNCTION)")
        if $n - $func_start > $MAX_FUNCTION;
      $func_start = 0;
    }
  }
}
exit($problems ? 1 : 0);
