// Ask before a destructive action (retire, revoke, remove, reset): one
// dialog for the whole app, with the action named on the red button and
// the shared 取消 beside it. Resolves true when confirmed, false when
// cancelled or closed, so callers read `if (!(await confirmDanger(...))) return;`.
export async function confirmDanger(t, { title, message, action }) {
  try {
    await ElMessageBox.confirm(message, title, {
      type: 'warning',
      confirmButtonText: action,
      cancelButtonText: t('common.cancel'),
      confirmButtonClass: 'el-button--danger',
    });
    return true;
  } catch {
    return false;
  }
}
