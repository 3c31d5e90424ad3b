/*
** The demo county's topics 议题, as a table: what residents, members and the
** party committee raised across the townships over the past months, and how
** far each has come — drafts, topics open for supports, under review,
** accepted, approved and scheduled, one merged into another, matters
** transferred to departments (two answered), and rejections with each
** reason on the list. Supports come from demo residents of the topic's
** township. Everything goes through the domain (topic.h), so every topic
** has its history, index entry and notifications; then its times are moved
** into the past. Called from demo.c inside the demo's transaction.
*/
#include <stdio.h>
#include <string.h>

#include "domain/demo.h"
#include "domain/topic.h"
#include "util/timeutil.h"

#define DEMO_DAY_MS (24LL * 3600 * 1000)
#define DEMO_RESIDENTS 200
#define DEMO_VILLAGES 40
#define DEMO_VILLAGES_EACH 5

/* How far a demo topic has come. */
enum demo_end {
  END_DRAFT,
  END_SUBMITTED,
  END_REVIEWING,
  END_ACCEPTED,
  END_APPROVED,
  END_SCHEDULED,
  END_MERGED,      /* into the topic at merge_into (an index of the table) */
  END_TRANSFERRED, /* to department dept; reply if not NULL */
  END_REJECTED     /* reject reason code and reason */
};

static const struct demo_topic {
  int township;        /* 0..7, as in demo.c's demo_townships */
  int village;         /* 0..4, or -1: the township itself */
  const char *source;  /* resident, member, party */
  const char *title;
  const char *body;
  const char *place;
  int affected;
  int days;            /* raised this many days ago */
  int supports;        /* residents of the township who support it */
  enum demo_end end;
  const char *reason;  /* with the last change */
  const char *code;    /* END_REJECTED: the reason code */
  int dept;            /* END_TRANSFERRED: 0 住建局, 1 交通局, 2 农业农村局 */
  const char *reply;   /* END_TRANSFERRED: the department's reply */
  int merge_into;      /* END_MERGED */
  const char *venue;   /* raised by scanning this venue's QR code */
} demo_topics[] = {
    {0, 0, "resident", "老旧小区加装电梯",
     "府前社区多为上世纪九十年代建成的六层住宅，没有电梯，老年住户上下楼十分困难。希望协商加装电梯的费用分摊和低层住户的补偿办法。",
     "府前社区1至8幢", 640, 120, 24, END_SCHEDULED,
     "列入年度协商计划，定于下月在府前社区协商议事室协商", NULL, 0, NULL, 0,
     "府前社区协商议事室"},
    {0, 1, "resident", "文昌路早晚高峰停车难",
     "文昌社区周边小区车位严重不足，车辆占用人行道和消防通道，早晚高峰出行困难。",
     "文昌路沿线", 900, 95, 22, END_APPROVED,
     "经县委同意列入年度协商议题", NULL, 0, NULL, 0, NULL},
    {0, 2, "resident", "南门菜市场改造提升",
     "南门菜市场设施陈旧，雨天积水，摊位杂乱，希望改造提升并规范管理。",
     "南门菜市场", 3000, 80, 20, END_APPROVED, "经县委同意列入年度协商议题",
     NULL, 0, NULL, 0, NULL},
    {0, 3, "member", "社区卫生服务站延长服务时间",
     "北门社区卫生服务站下午五点关门，上班族看病取药不便，建议延长服务时间并增加全科医生。",
     "北门社区卫生服务站", 5200, 70, 18, END_ACCEPTED,
     "群众关注度高，纳入议题库", NULL, 0, NULL, 0, NULL},
    {0, 4, "resident", "学府路学校周边交通秩序",
     "学府小学放学时段家长车辆在学府路随意停放，学生过马路存在安全隐患。",
     "学府小学门口", 2400, 66, 21, END_ACCEPTED,
     "涉及学生安全，纳入议题库", NULL, 0, NULL, 0, "城关街道协商议事室"},
    {0, 0, "resident", "小区垃圾分类投放点设置",
     "府前社区垃圾分类投放点离住户太近，夏天异味大，希望协商调整位置和清运时间。",
     "府前社区5幢北侧", 300, 30, 9, END_REVIEWING, "", NULL, 0, NULL, 0,
     NULL},
    {0, 1, "resident", "文昌社区停车位不够用",
     "小区车位少，晚上回来找不到地方停车，能不能把旁边的空地改成停车场。",
     "文昌社区", 200, 28, 6, END_MERGED, "与“文昌路早晚高峰停车难”为同一问题，合并协商",
     NULL, 0, NULL, 1, NULL},
    {0, -1, "party", "城关街道老旧小区改造居民参与机制",
     "街道党工委提出：老旧小区改造中如何让居民全过程参与，需通过协商形成共识。",
     "城关街道", 12000, 60, 8, END_ACCEPTED, "党工委出题，纳入议题库", NULL,
     0, NULL, 0, NULL},
    {0, 2, "resident", "南门社区路灯不亮",
     "南门社区环城南路段有五盏路灯损坏一个多月，夜间出行不安全。",
     "环城南路", 400, 25, 5, END_TRANSFERRED, "属于日常维护事项，转有关部门办理",
     NULL, 0, "已安排维修，三个工作日内修复，并纳入日常巡查。", 0, NULL},
    {0, 3, "resident", "邻居装修噪音扰民",
     "楼上邻居周末早上七点就开始装修，多次沟通无果。",
     "北门社区12幢", 10, 14, 1, END_REJECTED,
     "属邻里民事纠纷，建议通过社区人民调解委员会调解", "private_dispute", 0,
     NULL, 0, NULL},
    {1, 0, "resident", "东湖社区加装电梯资金分摊",
     "东湖社区有十二幢楼申请加装电梯，但各楼层住户对费用分摊意见不一。",
     "东湖社区", 800, 50, 17, END_ACCEPTED, "纳入议题库，先行开展调研", NULL,
     0, NULL, 0, "东湖社区协商议事室"},
    {1, 1, "resident", "新桥农贸市场污水外溢",
     "新桥农贸市场排污管道老化，污水经常漫到路面，气味难闻。",
     "新桥农贸市场", 2600, 45, 19, END_SCHEDULED,
     "列入年度协商计划，定于本月协商", NULL, 0, NULL, 0, NULL},
    {1, 2, "member", "工业园区职工子女入学",
     "工业园社区外来务工人员多，子女就近入学难，建议协商解决学位供给。",
     "工业园社区", 1500, 40, 15, END_SUBMITTED, "", NULL, 0, NULL, 0, NULL},
    {1, 3, "resident", "迎春路公交站台没有雨棚",
     "迎春路公交站台没有雨棚和座椅，老人等车很辛苦。",
     "迎春路公交站", 700, 22, 7, END_TRANSFERRED, "属日常公共服务事项，转交通运输局办理",
     NULL, 1, "已列入今年公交站台改造计划，预计下季度完成。", 0, NULL},
    {1, 4, "resident", "东塘村河道垃圾清理",
     "东塘村村前小河漂浮垃圾多，汛期前需要清理。",
     "东塘村村前河", 500, 12, 5, END_TRANSFERRED, "转农业农村局办理", NULL,
     2, NULL, 0, NULL},
    {1, 0, "resident", "要求法院尽快执行判决",
     "我和开发商的房屋纠纷已判决一年，开发商一直不执行，请帮忙督促。",
     "东湖社区", 1, 20, 0, END_REJECTED,
     "属司法执行事项，请向人民法院申请强制执行", "litigation", 0, NULL, 0,
     NULL},
    {2, 0, "resident", "西山社区健身器材老化",
     "西山社区广场健身器材锈蚀损坏，存在安全隐患，希望更新。",
     "西山社区文化广场", 1200, 35, 12, END_ACCEPTED, "纳入议题库", NULL, 0,
     NULL, 0, NULL},
    {2, 1, "resident", "梅园小区物业服务质量差",
     "梅园小区物业费年年涨，保洁和安保却越来越差，业主与物业矛盾突出。",
     "梅园小区", 1800, 26, 14, END_REVIEWING, "", NULL, 0, NULL, 0,
     "城西街道协商议事室"},
    {2, 2, "resident", "凤凰社区幼儿园学位紧张",
     "凤凰社区新建小区入住率高，附近只有一所幼儿园，学位不够。",
     "凤凰社区", 900, 18, 11, END_SUBMITTED, "", NULL, 0, NULL, 0, NULL},
    {2, 3, "resident", "西溪村村道拓宽",
     "西溪村通村道路只有三米宽，会车困难，农产品运输不便。",
     "西溪村村道", 1100, 33, 13, END_ACCEPTED, "纳入议题库", NULL, 0, NULL, 0,
     "西溪村协商议事室"},
    {2, 4, "resident", "长岗村信访件处理不满意",
     "我反映的宅基地问题信访了三次都没有解决，要求重新处理。",
     "长岗村", 1, 10, 0, END_REJECTED,
     "属信访事项，请通过信访渠道反映，街道将协助转办", "petition", 0, NULL, 0,
     NULL},
    {3, 0, "resident", "青山村生活污水治理",
     "青山村部分农户生活污水直排溪沟，影响下游饮用水源。",
     "青山村", 1600, 55, 16, END_APPROVED, "经镇党委同意列入年度协商议题",
     NULL, 0, NULL, 0, "青山村协商议事室"},
    {3, 1, "member", "竹林村竹产业加工园建设",
     "竹林村毛竹资源丰富但缺少初加工场地，建议规划建设小型加工园。",
     "竹林村", 2000, 42, 10, END_ACCEPTED, "纳入议题库，先行调研", NULL, 0,
     NULL, 0, NULL},
    {3, 2, "resident", "上坞村矿山复绿",
     "上坞村废弃矿山裸露多年，雨季有滑坡隐患，希望尽快复绿治理。",
     "上坞村废弃矿区", 700, 24, 12, END_REVIEWING, "", NULL, 0, NULL, 0,
     NULL},
    {3, 3, "resident", "龙潭村老年食堂",
     "龙潭村留守老人多，希望办一个老年食堂解决吃饭问题。",
     "龙潭村", 260, 8, 9, END_SUBMITTED, "", NULL, 0, NULL, 0, NULL},
    {3, 4, "resident", "大溪村产业发展建议",
     "想法还不成熟，先记下来。", "大溪村", 0, 2, 0, END_DRAFT, "", NULL, 0,
     NULL, 0, NULL},
    {4, 0, "resident", "白水村文化礼堂使用管理",
     "白水村文化礼堂建成后常年锁门，村民希望协商开放使用办法。",
     "白水村文化礼堂", 900, 38, 11, END_ACCEPTED, "纳入议题库", NULL, 0,
     NULL, 0, "白水村协商议事室"},
    {4, 1, "resident", "河口村渡口安全",
     "河口村渡船老旧，没有救生设备，雨季过河危险。",
     "河口村渡口", 450, 16, 8, END_SUBMITTED, "", NULL, 0, NULL, 0, NULL},
    {4, 2, "resident", "新民村想修个篮球场",
     "村里年轻人想要个篮球场，不知道能不能提。", "新民村", 300, 6, 3,
     END_REJECTED, "所述情况不够具体，请补充选址和使用人群后重新提出",
     "insufficient_info", 0, NULL, 0, NULL},
    {4, 3, "resident", "石桥村垃圾分类积分兑换",
     "建议石桥村推行垃圾分类积分兑换生活用品，提高村民分类积极性。",
     "石桥村", 1300, 27, 10, END_REVIEWING, "", NULL, 0, NULL, 0, NULL},
    {5, 0, "resident", "桃源镇集镇停车难",
     "桃源镇逢集日车辆乱停，主街堵成一团。", "桃源镇主街", 4000, 48, 15,
     END_ACCEPTED, "纳入议题库", NULL, 0, NULL, 0, "桃源镇协商议事室"},
    {5, 1, "resident", "花溪村民宿发展规范",
     "花溪村民宿越开越多，停车、噪音和垃圾问题影响村民生活。",
     "花溪村", 800, 21, 9, END_SUBMITTED, "", NULL, 0, NULL, 0, NULL},
    {5, 2, "resident", "高坪村要求调整全县产业政策",
     "建议县里调整全县的农业补贴政策。", "高坪村", 1, 12, 1, END_REJECTED,
     "属县级政策制定事项，超出基层协商范围，已告知可通过政协委员提案反映",
     "outside_remit", 0, NULL, 0, NULL},
    {5, 3, "resident", "杨家村集镇停车问题",
     "赶集的时候主街停满了车，过不去。", "桃源镇主街", 500, 19, 4,
     END_REJECTED, "与“桃源镇集镇停车难”重复，请附议该议题", "duplicate", 0,
     NULL, 0, NULL},
    {6, 0, "resident", "双溪村饮用水管网改造",
     "双溪村自来水管网老化，经常停水，水质发黄。", "双溪村", 1400, 44, 14,
     END_ACCEPTED, "纳入议题库", NULL, 0, NULL, 0, NULL},
    {6, 1, "member", "马鞍村茶叶品牌打造",
     "马鞍村茶叶品质好但没有品牌，建议协商打造区域公共品牌。",
     "马鞍村", 1000, 29, 8, END_SUBMITTED, "", NULL, 0, NULL, 0, NULL},
    {6, 2, "resident", "黄泥岗村通组公路",
     "黄泥岗村有三个村民小组还是土路。", "黄泥岗村", 350, 3, 0, END_DRAFT,
     "", NULL, 0, NULL, 0, NULL},
    {7, 0, "resident", "石门村留守儿童课后托管",
     "石门村留守儿童放学后无人照看，希望办课后托管班。", "石门村", 180, 36,
     9, END_ACCEPTED, "纳入议题库", NULL, 0, NULL, 0, NULL},
    {7, 4, "resident", "云峰村协商议事室活动太少",
     "云峰村协商议事室建好了却很少开展活动。", "云峰村", 600, 15, 6,
     END_SUBMITTED, "", NULL, 0, NULL, 0, "云峰村协商议事室"},
    {7, 2, "resident", "上庄村山塘加固",
     "上庄村山塘坝体渗水，汛期存在安全隐患。", "上庄村山塘", 320, 9, 7,
     END_MERGED, "与下庄村同一山塘，合并协商", NULL, 0, NULL, 40, NULL},
    {7, 3, "resident", "下庄村山塘除险加固",
     "下庄村和上庄村共用的山塘多年未修，坝体渗水。", "上庄村、下庄村山塘", 700,
     11, 8, END_REVIEWING, "", NULL, 0, NULL, 0, NULL},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const demo_township_names[] = {
    "城关街道", "城东街道", "城西街道", "青山镇",
    "白水镇",   "桃源镇",   "双溪镇",   "石门乡",
};
static const char *const demo_village_names[][DEMO_VILLAGES_EACH] = {
    {"府前社区", "文昌社区", "南门社区", "北门社区", "学府社区"},
    {"东湖社区", "新桥社区", "工业园社区", "迎春社区", "东塘村"},
    {"西山社区", "梅园社区", "凤凰社区", "西溪村", "长岗村"},
    {"青山村", "竹林村", "上坞村", "龙潭村", "大溪村"},
    {"白水村", "河口村", "新民村", "石桥村", "茶园村"},
    {"桃源村", "花溪村", "高坪村", "杨家村", "双井村"},
    {"双溪村", "马鞍村", "黄泥岗村", "塘湾村", "松坑村"},
    {"石门村", "岩头村", "上庄村", "下庄村", "云峰村"},
};
static const char *const demo_department_names[] = {
    "县住房和城乡建设局", "县交通运输局", "县农业农村局",
};

/* One id from a query with one text parameter; 0 when nothing matched. */
static int demo_lookup(struct store_conn *c, enum query_id q, const char *key,
                       int64_t *id, struct err *e) {
  struct store_stmt *st = store_prepare(c, q, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, key);
  int rc = store_step(st, e);
  *id = rc == STORE_ROW ? store_col_int(st, 0) : 0;
  store_finish(st);
  return rc < 0 ? -1 : 0;
}

static int demo_phone(struct store_conn *c, const char *fmt, int n,
                      int64_t *id, struct err *e) {
  char phone[16];
  snprintf(phone, sizeof phone, fmt, n);
  if (demo_lookup(c, Q_USER_BY_PHONE, phone, id, e) != 0) return -1;
  return *id ? 0 : err_set(e, ERR_INTERNAL, "demo");
}

/* The demo's people the topics need. */
struct demo_cast {
  int64_t residents[DEMO_RESIDENTS]; /* the i-th lives at village i % 40 */
  int64_t members[8];
  int64_t township_staff[8];
  int64_t county_staff, leader;
  int64_t department_users[3];
  int64_t departments[3];
};

static int demo_cast_load(struct store_conn *c, struct demo_cast *k,
                          struct err *e) {
  for (int i = 0; i < DEMO_RESIDENTS; i++)
    if (demo_phone(c, "1370000%04d", i + 1, &k->residents[i], e) != 0)
      return -1;
  for (int i = 0; i < 8; i++)
    if (demo_phone(c, "1390000%04d", i + 1, &k->members[i], e) != 0 ||
        demo_phone(c, "13800000%03d", 101 + i, &k->township_staff[i], e) != 0)
      return -1;
  for (int i = 0; i < 3; i++)
    if (demo_phone(c, "13800000%03d", 201 + i, &k->department_users[i], e) !=
            0 ||
        demo_lookup(c, Q_DEMO_UNIT_BY_NAME, demo_department_names[i],
                    &k->departments[i], e) != 0)
      return -1;
  return demo_phone(c, "13800000%03d", 11, &k->county_staff, e) != 0 ||
                 demo_phone(c, "13800000%03d", 10, &k->leader, e) != 0
             ? -1
             : 0;
}

/* Raise the i-th demo topic as its author (or, for the party committee's,
   as recorded by the county office). */
static int demo_topic_raise(struct store_conn *c, const struct demo_cast *k,
                            int i, int64_t *id, struct err *e) {
  const struct demo_topic *d = &demo_topics[i];
  struct topic_input in = {0};
  const char *unit = d->village < 0
                         ? demo_township_names[d->township]
                         : demo_village_names[d->township][d->village];
  int village = d->township * DEMO_VILLAGES_EACH + (d->village < 0 ? 0 : d->village);
  if (demo_lookup(c, Q_DEMO_UNIT_BY_NAME, unit, &in.unit_id, e) != 0 ||
      (d->venue &&
       demo_lookup(c, Q_DEMO_VENUE_BY_NAME, d->venue, &in.venue_id, e) != 0))
    return -1;
  in.title = d->title;
  in.body = d->body;
  in.place = d->place;
  in.affected = d->affected;
  in.source = d->source;
  in.channel = d->venue ? "qr" : "portal";
  in.draft = d->end == END_DRAFT;
  if (strcmp(d->source, "party") == 0) {
    in.channel = "workspace";
    in.recorded_by = k->county_staff;
    in.on_behalf_name = "街道党工委办公室";
    in.on_behalf_contact = "";
  } else if (strcmp(d->source, "member") == 0) {
    in.author_id = k->members[d->township];
  } else {
    in.author_id = k->residents[village + DEMO_VILLAGES * (i % 5)];
  }
  return topic_raise(c, &in, in.author_id ? in.author_id : k->county_staff,
                     id, e);
}

/* Supports from residents of the topic's township, not its author. */
static int demo_topic_supports(struct store_conn *c, const struct demo_cast *k,
                               int i, int64_t id, struct err *e) {
  const struct demo_topic *d = &demo_topics[i];
  struct topic t;
  if (topic_get(c, id, 0, &t, e) != 0) return -1;
  int rc = 0, given = 0;
  for (int n = 0; rc == 0 && given < d->supports && n < 25; n++) {
    int64_t who = k->residents[d->township * DEMO_VILLAGES_EACH + n % 5 +
                               DEMO_VILLAGES * ((n / 5 + i) % 5)];
    if (who == t.author_id) continue;
    rc = topic_support(c, &t, who, 1, e);
    given++;
  }
  topic_clear(&t);
  return rc;
}

/* Take topic id as far as the table says. ids: the topics so far (for a
   merge into an earlier one). */
static int demo_topic_advance(struct store_conn *c, const struct demo_cast *k,
                              int i, const int64_t *ids, struct err *e) {
  const struct demo_topic *d = &demo_topics[i];
  struct topic_change_req r = {0};
  enum topic_change steps[3];
  int n = 0;
  if (d->end == END_DRAFT || d->end == END_SUBMITTED) return 0;
  steps[n++] = TOPIC_CHANGE_REVIEW;
  switch (d->end) {
  case END_MERGED: steps[n++] = TOPIC_CHANGE_MERGE; break;
  case END_TRANSFERRED: steps[n++] = TOPIC_CHANGE_TRANSFER; break;
  case END_REJECTED: steps[n++] = TOPIC_CHANGE_REJECT; break;
  case END_REVIEWING: break;
  default: steps[n++] = TOPIC_CHANGE_ACCEPT; break;
  }
  r.actor = k->township_staff[d->township];
  r.actor_role = "staff";
  r.reject_reason = d->code;
  r.into = d->end == END_MERGED ? ids[d->merge_into] : 0;
  r.department_unit_id = d->end == END_TRANSFERRED ? k->departments[d->dept]
                                                   : 0;
  for (int s = 0; s < n; s++) {
    struct topic t;
    r.change = steps[s];
    r.reason = s == n - 1 ? d->reason : NULL;
    if (topic_get(c, ids[i], 0, &t, e) != 0) return -1;
    int rc = topic_change_apply(c, &t, &r, "/", e);
    topic_clear(&t);
    if (rc != 0) return -1;
  }
  if (d->end == END_TRANSFERRED && d->reply) {
    struct topic t;
    struct topic_change_req reply = {TOPIC_CHANGE_REPLY};
    reply.actor = k->department_users[d->dept];
    reply.actor_role = "department";
    reply.reply = d->reply;
    if (topic_get(c, ids[i], 0, &t, e) != 0) return -1;
    int rc = topic_change_apply(c, &t, &reply, "/", e);
    topic_clear(&t);
    if (rc != 0) return -1;
  }
  if ((d->end == END_APPROVED || d->end == END_SCHEDULED) &&
      topic_plan_mark(c, ids[i], TOPIC_APPROVED, k->leader, "leader",
                      "县委、县政协共同确定（双选择）", e) != 0)
    return -1;
  if (d->end == END_SCHEDULED &&
      topic_plan_mark(c, ids[i], TOPIC_SCHEDULED, k->county_staff, "staff",
                      d->reason, e) != 0)
    return -1;
  return 0;
}

/* Move a topic's times into the past: raised days ago, screened a few days
   after. */
static int demo_topic_backdate(struct store_conn *c, int i, int64_t id,
                               struct err *e) {
  int days = demo_topics[i].days;
  int64_t raised = (int64_t)days * DEMO_DAY_MS;
  int64_t later = (int64_t)(days > 6 ? days - 3 - i % 4 : days / 2) *
                  DEMO_DAY_MS;
  if (store_exec(c, Q_DEMO_TOPIC_BACKDATE, e, "III", id, raised, later) < 0 ||
      store_exec(c, Q_DEMO_TOPIC_EVENTS_BACKDATE, e, "III", id, raised,
                 later) < 0 ||
      store_exec(c, Q_DEMO_TOPIC_SUPPORTS_BACKDATE, e, "II", id, later) < 0)
    return -1;
  return topic_index_refresh(c, id, e);
}

int demo_topics_load(struct store_conn *c, struct err *e) {
  struct demo_cast k;
  int64_t ids[COUNT(demo_topics)];
  if (demo_cast_load(c, &k, e) != 0) return -1;
  for (size_t i = 0; i < COUNT(demo_topics); i++)
    if (demo_topic_raise(c, &k, (int)i, &ids[i], e) != 0 ||
        demo_topic_supports(c, &k, (int)i, ids[i], e) != 0)
      return -1;
  /* Merges go into topics raised later in the table too: advance after
     every topic exists. */
  for (size_t i = 0; i < COUNT(demo_topics); i++)
    if (demo_topic_advance(c, &k, (int)i, ids, e) != 0 ||
        demo_topic_backdate(c, (int)i, ids[i], e) != 0)
      return -1;
  return 0;
}
