/*
** The benchmark corpus generator. See corpus.h.
**
** Texts read like what residents actually post on a consultation platform:
** a place, the people affected, a problem with its details, how long it has
** lasted, what they ask for, and a few numbers (households, building
** numbers) that make each text its own. The vocabulary is the tables below;
** the random choices come from SplitMix64 seeded by (seed, i), so the same
** seed always gives the same corpus on every machine.
*/
#include "corpus.h"

#include <opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define CORPUS_S2T "s2t.json"
#define CORPUS_S2T_PATH "/usr/share/opencc/s2t.json"

static opencc_t corpus_s2t = (opencc_t)-1;

static const char *const places[] = {
    "幸福里小区", "和平社区",   "东风街道", "朝阳新村", "红星村",
    "城关镇",     "清河镇",     "建设路",   "人民路",   "滨江花园",
    "南门社区",   "西湖街道",   "光明小区", "向阳村",   "新华街",
    "工人新村",   "桃源村",     "长安路",   "解放街",   "育才路",
    "金水湾小区", "北关村",     "临河镇",   "机械厂宿舍", "文化路社区"};

static const char *const groups[] = {
    "居民",       "老年人",   "残疾人",   "学生家长", "个体商户",
    "外来务工人员", "退休职工", "村民",     "楼栋长",   "业主委员会",
    "网格员",     "志愿者"};

/* A problem: its usual name and two sentences of detail. */
struct problem {
  const char *name;
  const char *detail[2];
};

static const struct problem problems[] = {
    {"老旧小区改造", {"外墙脱落，管网老化", "雨天屋顶漏水，楼道墙皮大面积剥落"}},
    {"加装电梯", {"六层楼的老人上下楼困难", "部分低层住户不同意，加装电梯的协调工作停滞"}},
    {"污水直排", {"污水直接排进河道，夏天气味很大", "附近餐馆的污水没有经过处理就排入雨水管"}},
    {"停车难", {"停车位不足，车辆乱停乱放", "消防通道被私家车堵塞，救护车进不来"}},
    {"垃圾分类", {"垃圾分类投放点太少，垃圾桶经常满溢", "分类后的垃圾又被混装运走，居民积极性受挫"}},
    {"学校学位", {"适龄儿童入学学位紧张", "孩子要到很远的学校上学，接送很不方便"}},
    {"社区卫生服务站", {"附近没有社区卫生服务站，看病要跑很远", "社区卫生服务站医生太少，开药要排长队"}},
    {"道路破损", {"路面坑洼不平，下雨积水", "电动车经常在破损路段摔倒"}},
    {"路灯不亮", {"路灯坏了很久不亮，晚上出行不安全", "巷子里没有路灯，老人晚上不敢出门"}},
    {"集贸市场", {"集贸市场环境脏乱，占道经营严重", "集贸市场排水不畅，地面常年泥泞"}},
    {"广场舞噪音", {"晚上广场舞音响声音太大，影响休息", "广场舞活动时间过长，附近学生无法学习"}},
    {"违章搭建", {"一楼住户违章搭建，占用公共绿地", "楼顶违章搭建存在安全隐患"}},
    {"供水管网", {"水压不足，高楼层经常停水", "供水管网老化，自来水发黄"}},
    {"公交线路", {"公交车班次太少，高峰等车时间长", "新建小区没有公交线路，出行只能打车"}},
    {"养老服务", {"缺少老年食堂和日间照料中心", "独居老人无人照看，养老服务跟不上"}},
    {"物业管理", {"物业服务差，收费不透明", "物业管理公司撤走后小区无人管理"}},
    {"河道治理", {"河道淤积，水面漂浮垃圾", "河道护栏缺失，孩子在河边玩耍很危险"}},
    {"电动车充电桩", {"电动自行车没有充电桩，楼道飞线充电有火灾隐患", "充电桩数量少，收费标准不统一"}},
    {"农村饮水安全", {"村里的井水水质不达标", "雨季饮用水浑浊，村民只能买桶装水"}},
    {"背街小巷整治", {"背街小巷污水横流，杂物乱堆", "小巷里的违规摊点影响通行"}}};

static const char *const times[] = {
    "去年以来", "近三个月来", "今年入夏以来", "每逢雨天", "多年来",
    "春节前后", "最近半年",   "每天早晚高峰", "自从去年冬天", "长期以来"};

static const char *const requests[] = {
    "希望有关部门尽快解决",       "建议纳入明年民生实事项目",
    "请街道牵头协调物业和业主",   "希望政协委员帮助呼吁",
    "建议召开协商议事会共同商量办法", "请相关部门实地调研",
    "希望公开整改时间表",         "建议多方筹集资金分步实施",
    "希望听取居民意见后再定方案",   "请镇政府把这件事列入议题"};

static const char *const fillers[] = {
    "这个问题已经反映过多次。", "大家意见很大。",         "群众对此反映强烈。",
    "附近还有一所小学。",       "很多住户是独居老人。",   "居民已经联名写信。",
    "上次协商会后仍未落实。",   "有关部门曾经来看过。",   "问题越来越严重。",
    "希望这次能有个结果。"};

/* Each form takes the place, then the problem. */
static const char *const title_forms[] = {"关于%s%s的建议", "%s%s问题亟待解决",
                                          "%s%s", "请求解决%s%s问题",
                                          "%s%s问题的反映"};

/* SplitMix64: the generator of every random choice. */
static uint64_t corpus_next(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static size_t corpus_pick(uint64_t *state, size_t n) {
  return (size_t)(corpus_next(state) % n);
}

int corpus_init(void) {
  corpus_s2t = opencc_open(CORPUS_S2T);
  if (corpus_s2t == (opencc_t)-1) corpus_s2t = opencc_open(CORPUS_S2T_PATH);
  return corpus_s2t == (opencc_t)-1 ? -1 : 0;
}

void corpus_done(void) {
  if (corpus_s2t != (opencc_t)-1) opencc_close(corpus_s2t);
  corpus_s2t = (opencc_t)-1;
}

const char *corpus_kind_name(enum corpus_kind k) {
  static const char *const names[CORPUS_KINDS] = {
      "original", "exact copy", "traditional", "reworded",
      "traditional+reworded"};
  return (unsigned)k < CORPUS_KINDS ? names[k] : "?";
}

/* Join the sentences into the body. */
static void corpus_join(struct corpus_doc *d) {
  size_t used = 0;
  d->body[0] = '\0';
  for (int i = 0; i < d->nsentence; i++) {
    size_t len = strlen(d->sentence[i]);
    if (used + len + 1 > sizeof d->body) break;
    memcpy(d->body + used, d->sentence[i], len + 1);
    used += len;
  }
}

/* Write an original document from the vocabulary. */
static void corpus_original(uint64_t *rng, struct corpus_doc *d) {
  const char *place = places[corpus_pick(rng, COUNT(places))];
  const char *group = groups[corpus_pick(rng, COUNT(groups))];
  const struct problem *p = &problems[corpus_pick(rng, COUNT(problems))];
  const struct problem *p2 = &problems[corpus_pick(rng, COUNT(problems))];
  size_t form = corpus_pick(rng, COUNT(title_forms));
  int n = 0;

  snprintf(d->title, sizeof d->title, title_forms[form], place, p->name);
  snprintf(d->sentence[n++], CORPUS_SENTENCE_BYTES, "%s的%s反映，%s%s。", place,
           group, times[corpus_pick(rng, COUNT(times))],
           p->detail[corpus_pick(rng, 2)]);
  snprintf(d->sentence[n++], CORPUS_SENTENCE_BYTES, "涉及%u号楼等%u户居民，%s",
           (unsigned)(1 + corpus_pick(rng, 40)),
           (unsigned)(10 + corpus_pick(rng, 990)),
           fillers[corpus_pick(rng, COUNT(fillers))]);
  if (corpus_pick(rng, 2) == 0)
    snprintf(d->sentence[n++], CORPUS_SENTENCE_BYTES, "另外，%s。",
             p->detail[corpus_pick(rng, 2)]);
  if (corpus_pick(rng, 3) == 0)
    snprintf(d->sentence[n++], CORPUS_SENTENCE_BYTES, "%s的问题也比较突出，%s。",
             p2->name, p2->detail[corpus_pick(rng, 2)]);
  snprintf(d->sentence[n++], CORPUS_SENTENCE_BYTES, "%s，%s。",
           requests[corpus_pick(rng, COUNT(requests))],
           requests[corpus_pick(rng, COUNT(requests))]);
  if (corpus_pick(rng, 2) == 0)
    snprintf(d->sentence[n++], CORPUS_SENTENCE_BYTES, "%s",
             fillers[corpus_pick(rng, COUNT(fillers))]);
  snprintf(d->sentence[n++], CORPUS_SENTENCE_BYTES, "联系人：%s代表，电话1380%07u。",
           group, (unsigned)corpus_pick(rng, 10000000));
  d->nsentence = n;
  d->kind = CORPUS_ORIGINAL;
  d->origin = -1;
}

/* One rewording: delete, insert or swap a sentence, or change the time. */
static void corpus_reword_once(uint64_t *rng, struct corpus_doc *d) {
  int n = d->nsentence;
  size_t op = corpus_pick(rng, 4);
  int at = 1 + (int)corpus_pick(rng, (size_t)(n > 2 ? n - 2 : 1));
  if (op == 0 && n > 3) {
    memmove(d->sentence[at], d->sentence[at + 1],
            (size_t)(n - at - 1) * CORPUS_SENTENCE_BYTES);
    d->nsentence--;
  } else if (op == 1 && n < CORPUS_MAX_SENTENCES) {
    memmove(d->sentence[at + 1], d->sentence[at],
            (size_t)(n - at) * CORPUS_SENTENCE_BYTES);
    snprintf(d->sentence[at], CORPUS_SENTENCE_BYTES, "%s",
             fillers[corpus_pick(rng, COUNT(fillers))]);
    d->nsentence++;
  } else if (op == 2 && n > 2) {
    char tmp[CORPUS_SENTENCE_BYTES];
    memcpy(tmp, d->sentence[at], sizeof tmp);
    memcpy(d->sentence[at], d->sentence[at - 1], sizeof tmp);
    memcpy(d->sentence[at - 1], tmp, sizeof tmp);
  } else {
    /* The first sentence reads "place的group反映，time detail。": put a
       different time phrase after the comma. */
    char *comma = strstr(d->sentence[0], "，");
    char rest[CORPUS_SENTENCE_BYTES];
    if (comma == NULL) return;
    comma += strlen("，");
    for (size_t t = 0; t < COUNT(times); t++) {
      size_t len = strlen(times[t]);
      if (strncmp(comma, times[t], len) == 0) {
        snprintf(rest, sizeof rest, "%s", comma + len);
        snprintf(comma, CORPUS_SENTENCE_BYTES - (size_t)(comma - d->sentence[0]),
                 "%s%s", times[corpus_pick(rng, COUNT(times))], rest);
        break;
      }
    }
  }
}

/* Convert a string in place to Traditional characters. */
static void corpus_traditional(char *s, size_t size) {
  char *t = opencc_convert_utf8(corpus_s2t, s, strlen(s));
  if (t == NULL) return;
  snprintf(s, size, "%s", t);
  opencc_convert_utf8_free(t);
}

static void corpus_doc_at(uint64_t seed, int64_t i, int depth,
                          struct corpus_doc *d) {
  uint64_t rng = seed ^ ((uint64_t)i * 0xd1b54a32d192ed03ULL);
  size_t r = corpus_pick(&rng, 100);
  if (i == 0 || depth >= 3 || r >= 10) {
    corpus_original(&rng, d);
    return;
  }
  int64_t window = i < CORPUS_WINDOW ? i : CORPUS_WINDOW;
  int64_t origin = i - 1 - (int64_t)corpus_pick(&rng, (size_t)window);
  corpus_doc_at(seed, origin, depth + 1, d);
  d->origin = origin;
  d->kind = r < 3 ? CORPUS_COPY : r < 5 ? CORPUS_TRADITIONAL
            : r < 8 ? CORPUS_REWORD : CORPUS_TRAD_REWORD;
  if (d->kind == CORPUS_REWORD || d->kind == CORPUS_TRAD_REWORD)
    corpus_reword_once(&rng, d);
  if (d->kind == CORPUS_TRADITIONAL || d->kind == CORPUS_TRAD_REWORD) {
    corpus_traditional(d->title, sizeof d->title);
    for (int k = 0; k < d->nsentence; k++)
      corpus_traditional(d->sentence[k], CORPUS_SENTENCE_BYTES);
  }
}

void corpus_doc_get(uint64_t seed, int64_t i, struct corpus_doc *d) {
  corpus_doc_at(seed, i, 0, d);
  corpus_join(d);
}

void corpus_doc_reword(struct corpus_doc *d, uint64_t salt) {
  uint64_t rng = salt * 0x9e3779b97f4a7c15ULL + 1;
  corpus_reword_once(&rng, d);
  corpus_join(d);
}
