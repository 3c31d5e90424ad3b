/*
** The demo data set, as tables: a county (示范县) under a province and a
** city, with 8 townships and streets of 5 villages or communities each and
** 3 departments (城关街道 is the county government's seat); 12 venues
** with their 六有 checklists, 3 of them pilots; its leader, CPPCC office
** staff, one staff member per township, department users, 60 CPPCC
** members and 200 residents; the county's CPPCC committee with its
** sectors, special committees and one member activity group per township,
** every member placed in a sector and a group (and every other one in a
** special committee); and 城关街道's topic plans (demo_plans.c): one
** approved, one awaiting the leader, one put to a public vote. Accounts
** share one argon2id hash of the demo password (computed once), so loading
** is quick.
*/
#include "domain/demo.h"

#include <stdio.h>

#include "domain/account.h"
#include "domain/audit.h"
#include "domain/demo_plans.h"
#include "domain/org.h"
#include "domain/role.h"
#include "domain/unit.h"
#include "domain/venue.h"
#include "util/timeutil.h"

#define DEMO_TOWNSHIPS 8
#define DEMO_VILLAGES_EACH 5
#define DEMO_DEPARTMENTS 3
#define DEMO_MEMBERS 60
#define DEMO_RESIDENTS 200

/* Where a demo unit or account sits: an index into the ids of the units
   as they are created (province, city, county, townships, villages,
   departments). */
enum {
  AT_NONE = -1,
  AT_PROVINCE = 0,
  AT_CITY = 1,
  AT_COUNTY = 2,
  AT_TOWNSHIP0 = 3,
  AT_VILLAGE0 = AT_TOWNSHIP0 + DEMO_TOWNSHIPS,
  AT_DEPARTMENT0 = AT_VILLAGE0 + DEMO_TOWNSHIPS * DEMO_VILLAGES_EACH,
  AT_COUNT = AT_DEPARTMENT0 + DEMO_DEPARTMENTS
};

static const struct {
  const char *name;
  const char *villages[DEMO_VILLAGES_EACH];
} demo_townships[DEMO_TOWNSHIPS] = {
    {"城关街道", {"府前社区", "文昌社区", "南门社区", "北门社区", "学府社区"}},
    {"城东街道", {"东湖社区", "新桥社区", "工业园社区", "迎春社区", "东塘村"}},
    {"城西街道", {"西山社区", "梅园社区", "凤凰社区", "西溪村", "长岗村"}},
    {"青山镇", {"青山村", "竹林村", "上坞村", "龙潭村", "大溪村"}},
    {"白水镇", {"白水村", "河口村", "新民村", "石桥村", "茶园村"}},
    {"桃源镇", {"桃源村", "花溪村", "高坪村", "杨家村", "双井村"}},
    {"双溪镇", {"双溪村", "马鞍村", "黄泥岗村", "塘湾村", "松坑村"}},
    {"石门乡", {"石门村", "岩头村", "上庄村", "下庄村", "云峰村"}},
};

static const char *const demo_departments[DEMO_DEPARTMENTS] = {
    "县住房和城乡建设局", "县交通运输局", "县农业农村局",
};

/* Named accounts: every role once at least. role -1: an account with no
   role yet. */
static const struct demo_account {
  const char *phone;
  const char *name;
  int is_admin;
  int role;
  int at;
} demo_accounts[] = {
    {"13800000001", "系统管理员", 1, -1, AT_NONE},
    {"13800000002", "王秀英", 0, -1, AT_NONE},
    {"13800000003", "李建国", 0, -1, AT_NONE},
    {"13800000010", "陈志明", 0, ROLE_LEADER, AT_COUNTY},
    {"13800000011", "刘丽华", 0, ROLE_STAFF, AT_COUNTY},
    {"13800000101", "周海燕", 0, ROLE_STAFF, AT_TOWNSHIP0 + 0},
    {"13800000102", "吴国强", 0, ROLE_STAFF, AT_TOWNSHIP0 + 1},
    {"13800000103", "郑丽娟", 0, ROLE_STAFF, AT_TOWNSHIP0 + 2},
    {"13800000104", "孙建华", 0, ROLE_STAFF, AT_TOWNSHIP0 + 3},
    {"13800000105", "钱晓东", 0, ROLE_STAFF, AT_TOWNSHIP0 + 4},
    {"13800000106", "冯春梅", 0, ROLE_STAFF, AT_TOWNSHIP0 + 5},
    {"13800000107", "褚志刚", 0, ROLE_STAFF, AT_TOWNSHIP0 + 6},
    {"13800000108", "卫小红", 0, ROLE_STAFF, AT_TOWNSHIP0 + 7},
    {"13800000201", "蒋文斌", 0, ROLE_DEPARTMENT, AT_DEPARTMENT0 + 0},
    {"13800000202", "沈玉兰", 0, ROLE_DEPARTMENT, AT_DEPARTMENT0 + 1},
    {"13800000203", "韩立新", 0, ROLE_DEPARTMENT, AT_DEPARTMENT0 + 2},
};

/* Generated members and residents take their names from these. */
static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
    "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
};
static const char *const given_names[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
    "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平",
    "刚", "桂英", "建平", "玉梅", "志强", "海涛", "春燕", "文华",
    "建军", "晓明", "丽萍",
};

/* Venues 协商议事室: three pilots (one in 城关街道, the street where the
   county government sits), the 六有 items met as a bit mask (bit i: item
   i of enum venue_item). */
#define VILLAGE(t, v) (AT_VILLAGE0 + (t) * DEMO_VILLAGES_EACH + (v))
static const struct demo_venue {
  int at;
  const char *name;
  const char *address;
  int pilot;
  unsigned met;
  const char *contact;
  const char *phone;
} demo_venues[] = {
    {AT_TOWNSHIP0 + 0, "城关街道协商议事室", "示范县城关街道府前路18号街道办事处二楼",
     1, 0x3F, "张明华", "13500001001"},
    {VILLAGE(0, 0), "府前社区协商议事室", "示范县府前社区文化家园一楼", 0, 0x3F,
     "李春燕", "13500001002"},
    {VILLAGE(0, 1), "文昌社区协商议事室", "示范县文昌路66号文昌社区党群服务中心",
     0, 0x1F, "王立新", "13500001003"},
    {AT_TOWNSHIP0 + 1, "城东街道协商议事室", "示范县城东街道迎春路9号", 0, 0x3F,
     "赵静", "13500001004"},
    {VILLAGE(1, 0), "东湖社区协商议事室", "示范县东湖社区邻里中心三楼", 0, 0x07,
     "陈海涛", "13500001005"},
    {AT_TOWNSHIP0 + 2, "城西街道协商议事室", "示范县城西街道梅园路120号", 0, 0x2F,
     "刘桂英", "13500001006"},
    {VILLAGE(2, 3), "西溪村协商议事室", "示范县城西街道西溪村村委会", 0, 0x03,
     "杨建军", "13500001007"},
    {AT_TOWNSHIP0 + 3, "青山镇协商议事室", "示范县青山镇青山大道1号镇政府一楼",
     1, 0x3F, "黄晓明", "13500001008"},
    {VILLAGE(3, 0), "青山村协商议事室", "示范县青山镇青山村文化礼堂", 0, 0x3B,
     "周丽萍", "13500001009"},
    {VILLAGE(4, 0), "白水村协商议事室", "示范县白水镇白水村村民服务中心", 1, 0x1F,
     "吴志强", "13500001010"},
    {AT_TOWNSHIP0 + 5, "桃源镇协商议事室", "示范县桃源镇花溪路8号", 0, 0x0F,
     "徐文华", "13500001011"},
    {VILLAGE(7, 4), "云峰村协商议事室", "示范县石门乡云峰村老年活动中心", 0,
     0x00, "孙建平", "13500001012"},
};

/* The county's CPPCC committee: its sectors 界别 and special committees
   专委会. Each township gets a member activity group named after it. */
#define DEMO_COMMITTEE "示范县政协委员会"
static const char *const demo_sectors[] = {
    "中共界", "经济界", "农业界", "教育界", "医药卫生界", "乡贤界",
};
static const char *const demo_special_committees[] = {
    "提案委员会", "经济委员会", "社会和法制委员会", "文化文史和学习委员会",
};

static const struct {
  const char *key;
  const char *value;
} demo_settings[] = {
    {"site.name", "有事来协商 · 示范县"},
    {"site.name_en", "Let's Talk It Over · Demo County"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int demo_count_users(struct store_conn *c, int64_t *count,
                            struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_USER_COUNT, e);
  if (st == NULL) return -1;
  return store_step_int(st, count, e);
}

/* Create one unit and remember its id at ids[at]. */
static int demo_unit(struct store_conn *c, int64_t ids[AT_COUNT], int parent,
                     enum unit_kind kind, const char *name, int at,
                     struct err *e) {
  struct unit u;
  if (unit_create(c, parent < 0 ? 0 : ids[parent], kind, name, &u, e) != 0)
    return -1;
  ids[at] = u.id;
  return 0;
}

static int demo_units(struct store_conn *c, int64_t ids[AT_COUNT],
                      struct err *e) {
  if (demo_unit(c, ids, AT_NONE, UNIT_PROVINCE, "浙江省", AT_PROVINCE, e) ||
      demo_unit(c, ids, AT_PROVINCE, UNIT_CITY, "湖州市", AT_CITY, e) ||
      demo_unit(c, ids, AT_CITY, UNIT_COUNTY, "示范县", AT_COUNTY, e))
    return -1;
  for (int t = 0; t < DEMO_TOWNSHIPS; t++) {
    if (demo_unit(c, ids, AT_COUNTY, UNIT_TOWNSHIP, demo_townships[t].name,
                  AT_TOWNSHIP0 + t, e) != 0)
      return -1;
    for (int v = 0; v < DEMO_VILLAGES_EACH; v++)
      if (demo_unit(c, ids, AT_TOWNSHIP0 + t, UNIT_VILLAGE,
                    demo_townships[t].villages[v],
                    AT_VILLAGE0 + t * DEMO_VILLAGES_EACH + v, e) != 0)
        return -1;
  }
  for (int d = 0; d < DEMO_DEPARTMENTS; d++)
    if (demo_unit(c, ids, AT_COUNTY, UNIT_ENTERPRISE, demo_departments[d],
                  AT_DEPARTMENT0 + d, e) != 0)
      return -1;
  return 0;
}

/* Create an account and, when role >= 0, its role at ids[at]. */
static int demo_person(struct store_conn *c, const int64_t ids[AT_COUNT],
                       const char *hash, const struct demo_account *a,
                       struct err *e) {
  struct account_new n = {a->phone, a->name, NULL, hash, a->is_admin};
  struct role_held held;
  int64_t id;
  if (account_create(c, &n, &id, e) != 0) return -1;
  if (a->role < 0) return 0;
  return role_grant(c, id, (enum role)a->role, ids[a->at], 0, &held, e);
}

/* The i-th generated person: phone prefix + i, and the name numbered
   seed from the tables. */
static int demo_generated(struct store_conn *c, const int64_t ids[AT_COUNT],
                          const char *hash, const char *prefix, int i,
                          int seed, enum role role, int at, struct err *e) {
  char phone[PHONE_LEN + 1], name[32];
  snprintf(phone, sizeof phone, "%s%04d", prefix, i + 1);
  snprintf(name, sizeof name, "%s%s", surnames[(seed * 7) % COUNT(surnames)],
           given_names[(seed * 11 + seed / 3) % COUNT(given_names)]);
  struct demo_account a = {phone, name, 0, (int)role, at};
  return demo_person(c, ids, hash, &a, e);
}

static int demo_people(struct store_conn *c, const int64_t ids[AT_COUNT],
                       struct err *e) {
  char hash[PASSWORD_HASH_MAX];
  if (password_hash(DEMO_PASSWORD, hash, e) != 0) return -1;
  for (size_t i = 0; i < COUNT(demo_accounts); i++)
    if (demo_person(c, ids, hash, &demo_accounts[i], e) != 0) return -1;
  for (int i = 0; i < DEMO_MEMBERS; i++)
    if (demo_generated(c, ids, hash, "1390000", i, i, ROLE_MEMBER, AT_COUNTY,
                       e) != 0)
      return -1;
  for (int i = 0; i < DEMO_RESIDENTS; i++)
    if (demo_generated(c, ids, hash, "1370000", i, DEMO_MEMBERS + i,
                       ROLE_RESIDENT,
                       AT_VILLAGE0 + i % (DEMO_TOWNSHIPS * DEMO_VILLAGES_EACH),
                       e) != 0)
      return -1;
  return 0;
}

/* One venue and its checklist. */
static int demo_venue(struct store_conn *c, const int64_t ids[AT_COUNT],
                      const struct demo_venue *d, struct err *e) {
  struct venue_input in = {ids[d->at], d->name, "有事来协商", d->address, 1,
                           {{"", ""}}, d->pilot};
  int64_t id;
  if (venue_contact_set(&in.contacts[0], d->contact, d->phone, e) != 0 ||
      venue_create(c, &in, &id, e) != 0)
    return -1;
  for (int i = 0; i < VENUE_ITEM_COUNT; i++) {
    int met = (d->met >> i) & 1;
    if (venue_check_set(c, id, (enum venue_item)i, met,
                        met ? "已落实，材料齐全" : "正在筹备", 0, e) != 0)
      return -1;
  }
  return 0;
}

/* The committee and its bodies; then the i-th member (phone 1390000i+1,
   found by phone) gets sector i % 6, group i % 8 and, for even i, special
   committee i / 2 % 4. */
static int demo_org(struct store_conn *c, const int64_t ids[AT_COUNT],
                    struct err *e) {
  struct body committee, b;
  int64_t sectors[COUNT(demo_sectors)];
  int64_t specials[COUNT(demo_special_committees)];
  int64_t groups[DEMO_TOWNSHIPS];
  if (body_create(c, ids[AT_COUNTY], 0, BODY_COMMITTEE, DEMO_COMMITTEE,
                  &committee, e) != 0)
    return -1;
  for (size_t i = 0; i < COUNT(demo_sectors); i++) {
    if (body_create(c, 0, committee.id, BODY_SECTOR, demo_sectors[i], &b,
                    e) != 0)
      return -1;
    sectors[i] = b.id;
  }
  for (size_t i = 0; i < COUNT(demo_special_committees); i++) {
    if (body_create(c, 0, committee.id, BODY_SPECIAL_COMMITTEE,
                    demo_special_committees[i], &b, e) != 0)
      return -1;
    specials[i] = b.id;
  }
  for (int t = 0; t < DEMO_TOWNSHIPS; t++) {
    char name[64];
    snprintf(name, sizeof name, "%s委员活动组", demo_townships[t].name);
    if (body_create(c, ids[AT_TOWNSHIP0 + t], committee.id,
                    BODY_ACTIVITY_GROUP, name, &b, e) != 0)
      return -1;
    groups[t] = b.id;
  }
  for (int i = 0; i < DEMO_MEMBERS; i++) {
    char phone[24];
    snprintf(phone, sizeof phone, "1390000%04d", i + 1);
    struct store_stmt *st = store_prepare(c, Q_USER_BY_PHONE, e);
    if (st == NULL) return -1;
    store_bind_text(st, 1, phone);
    int rc = store_step(st, e);
    int64_t user_id = rc == STORE_ROW ? store_col_int(st, 0) : 0;
    store_finish(st);
    if (rc != STORE_ROW) return rc < 0 ? -1 : err_set(e, ERR_INTERNAL, "demo");
    struct member_profile p = {
        committee.id, sectors[i % COUNT(demo_sectors)],
        i % 2 ? 0 : specials[i / 2 % COUNT(demo_special_committees)],
        groups[i % DEMO_TOWNSHIPS]};
    if (profile_set(c, user_id, &p, 0, e) != 0) return -1;
  }
  return 0;
}

static int demo_venues_load(struct store_conn *c, const int64_t ids[AT_COUNT],
                            struct err *e) {
  if (unit_set_seat(c, ids[AT_TOWNSHIP0], 1, e) != 0) return -1;
  for (size_t i = 0; i < COUNT(demo_venues); i++)
    if (demo_venue(c, ids, &demo_venues[i], e) != 0) return -1;
  return 0;
}

static int demo_fill(struct store_conn *c, struct err *e) {
  int64_t ids[AT_COUNT] = {0};
  if (demo_units(c, ids, e) != 0 || demo_people(c, ids, e) != 0 ||
      demo_venues_load(c, ids, e) != 0 ||
      demo_org(c, ids, e) != 0 || demo_topics_load(c, e) != 0 ||
      demo_plans_load(c, ids[AT_TOWNSHIP0], &ids[AT_VILLAGE0], e) != 0)
    return -1;
  for (size_t i = 0; i < COUNT(demo_settings); i++)
    if (store_exec(c, Q_SETTING_PUT, e, "ssI", demo_settings[i].key,
                   demo_settings[i].value, time_now_ms()) < 0)
      return -1;
  return 0;
}

/* Fill an empty database; *ctx (int) says whether it did. */
static int demo_load_in(struct store_conn *c, void *ctx, struct err *e) {
  int *loaded = ctx;
  int64_t users = 0;
  *loaded = 0;
  if (demo_count_users(c, &users, e) != 0) return -1;
  if (users > 0) return 0;
  if (demo_fill(c, e) != 0) return -1;
  struct audit_entry a = {0,    NULL, 0,    "demo.load", "database",
                          0,    NULL, "{\"set\":\"示范县\"}", "cli"};
  if (audit_append(c, &a, NULL, e) != 0) return -1;
  *loaded = 1;
  return 0;
}

int demo_load(struct store *s, int *loaded, struct err *e) {
  return store_transact(s, demo_load_in, loaded, e);
}
