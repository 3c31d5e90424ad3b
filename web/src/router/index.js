// The routes of both faces of the app.
//
// The public portal (resident pages) is small and loads first; every page
// of the workspace is a dynamic import, so staff code never weighs on a
// resident's phone. Workspace routes are one table (workspaceRoutes): a
// row gives the path, the page, who may open it (meta.requires, a role
// understood by hasRole) and, if it belongs in the navigation, its label
// and group (meta.nav). Adding a page is adding a row.
import { ref } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import PortalLayout from '../layouts/PortalLayout.vue';
import HomePage from '../pages/portal/HomePage.vue';
import { session, loadSession, hasRole } from '../stores/session.js';

export const routeLoading = ref(false);

// Navigation groups, in the order the workspace menu shows them.
export const NAV_GROUPS = [
  { id: 'work', labelKey: 'nav.group.work' },
  { id: 'account', labelKey: 'nav.group.account' },
  { id: 'admin', labelKey: 'nav.group.admin' },
];

export const workspaceRoutes = [
  {
    path: '', name: 'workspace',
    component: () => import('../pages/workspace/OverviewPage.vue'),
    meta: { requires: 'user', titleKey: 'workspace.overview.title',
      nav: { group: 'work', labelKey: 'nav.overview' } },
  },
  {
    path: 'account', name: 'account',
    component: () => import('../pages/workspace/AccountPage.vue'),
    meta: { requires: 'user', titleKey: 'account.title',
      nav: { group: 'account', labelKey: 'nav.account' } },
  },
  {
    path: 'admin/system', name: 'admin-system',
    component: () => import('../pages/admin/SystemPage.vue'),
    meta: { requires: 'admin', titleKey: 'system.title',
      nav: { group: 'admin', labelKey: 'nav.system' } },
  },
  {
    path: 'venues', name: 'venues',
    component: () => import('../pages/venues/VenuesPage.vue'),
    meta: { requires: 'user', titleKey: 'venues.title',
      nav: { group: 'work', labelKey: 'venues.nav.venues' } },
  },
  {
    path: 'venues/rollout', name: 'venue-rollout',
    component: () => import('../pages/venues/VenueRolloutPage.vue'),
    meta: { requires: 'user', titleKey: 'venues.rollout.title',
      nav: { group: 'work', labelKey: 'venues.nav.venueRollout' } },
  },
  {
    path: 'venues/:id(\\d+)', name: 'venue',
    component: () => import('../pages/venues/VenueDetailPage.vue'),
    meta: { requires: 'user', titleKey: 'venues.detailTitle' },
  },
  {
    path: 'people', name: 'people',
    component: () => import('../pages/people/PeoplePage.vue'),
    meta: { requires: ['staff', 'leader', 'admin'], titleKey: 'people.title',
      nav: { group: 'work', labelKey: 'nav.people' } },
  },
  {
    path: 'bodies', name: 'bodies',
    component: () => import('../pages/people/BodiesPage.vue'),
    meta: { requires: ['staff', 'leader', 'admin'], titleKey: 'bodies.title',
      nav: { group: 'work', labelKey: 'nav.bodies' } },
  },
  {
    path: 'members/import', name: 'member-import',
    component: () => import('../pages/people/ImportPage.vue'),
    meta: { requires: ['staff', 'admin'], titleKey: 'memberImport.title',
      nav: { group: 'work', labelKey: 'nav.memberImport' } },
  },
  {
    path: 'units', name: 'units',
    component: () => import('../pages/units/UnitsPage.vue'),
    meta: { requires: 'user', titleKey: 'units.title',
      nav: { group: 'work', labelKey: 'nav.units' } },
  },
  {
    path: 'audit', name: 'audit',
    component: () => import('../pages/audit/AuditPage.vue'),
    meta: { requires: ['admin', 'leader'], titleKey: 'audit.title',
      nav: { group: 'admin', labelKey: 'nav.audit' } },
  },
  {
    path: 'forbidden', name: 'forbidden',
    component: () => import('../pages/workspace/ForbiddenPage.vue'),
    meta: { requires: 'user', titleKey: 'forbidden.title' },
  },
  {
    path: 'topics', name: 'screening',
    component: () => import('../pages/topics/ScreeningPage.vue'),
    meta: { requires: ['staff', 'admin', 'leader'], titleKey: 'screening.title',
      nav: { group: 'work', labelKey: 'screening.nav' } },
  },
  {
    path: 'topics/transferred', name: 'transferred',
    component: () => import('../pages/topics/DepartmentPage.vue'),
    meta: { requires: 'department', titleKey: 'screening.department.title',
      nav: { group: 'work', labelKey: 'screening.department.nav' } },
  },
  {
    path: 'plans', name: 'plans',
    component: () => import('../pages/plans/PlansPage.vue'),
    meta: { requires: ['staff', 'leader', 'admin'], titleKey: 'plans.title',
      nav: { group: 'work', labelKey: 'plans.nav' } },
  },
  {
    path: 'plans/:id(\\d+)', name: 'plan',
    component: () => import('../pages/plans/PlanDetailPage.vue'),
    meta: { requires: ['staff', 'leader', 'admin'], titleKey: 'plans.detailTitle' },
  },
  {
    path: 'figures', name: 'figures',
    component: () => import('../pages/figures/FiguresPage.vue'),
    meta: { requires: ['staff', 'leader', 'admin'], titleKey: 'figures.title',
      nav: { group: 'work', labelKey: 'figures.nav' } },
  },
];

const routes = [
  {
    path: '/',
    component: PortalLayout,
    children: [
      { path: '', name: 'home', component: HomePage, meta: { titleKey: 'home.title' } },
      { path: 'login', name: 'login', component: () => import('../pages/portal/LoginPage.vue'),
        meta: { titleKey: 'login.title' } },
      { path: 'register', name: 'register', component: () => import('../pages/portal/RegisterPage.vue'),
        meta: { titleKey: 'register.title' } },
      { path: 'welcome', name: 'welcome', component: () => import('../pages/portal/WelcomePage.vue'),
        meta: { titleKey: 'welcome.title', requires: 'user' } },
      { path: 'about', name: 'about', component: () => import('../pages/portal/AboutPage.vue'),
        meta: { titleKey: 'about.title' } },
      { path: 'venues', name: 'portal-venues', component: () => import('../pages/portal/VenueListPage.vue'),
        meta: { titleKey: 'venues.portal.title' } },
      { path: 'venues/:id(\\d+)', name: 'portal-venue', component: () => import('../pages/portal/VenuePage.vue'),
        meta: { titleKey: 'venues.portal.venueTitle' } },
      // Topics 议题 (issue 6): every page lazy, so none weighs on the home page.
      { path: 'topics', name: 'portal-topics', component: () => import('../pages/portal/topics/TopicListPage.vue'),
        meta: { titleKey: 'topics.title' } },
      { path: 'topics/new', name: 'topic-new', component: () => import('../pages/portal/topics/TopicNewPage.vue'),
        meta: { titleKey: 'topicNew.title', requires: 'user' } },
      { path: 'topics/:id(\\d+)', name: 'portal-topic', component: () => import('../pages/portal/topics/TopicPage.vue'),
        meta: { titleKey: 'topics.detail.title' } },
      { path: 'my/topics', name: 'my-topics', component: () => import('../pages/portal/topics/MyTopicsPage.vue'),
        meta: { titleKey: 'myTopics.title', requires: 'user' } },
      { path: 'my/notifications', name: 'my-notifications',
        component: () => import('../pages/portal/topics/NotificationsPage.vue'),
        meta: { titleKey: 'notifications.title', requires: 'user' } },
      { path: 'plans/:id(\\d+)/vote', name: 'plan-vote', component: () => import('../pages/portal/topics/VotePage.vue'),
        meta: { titleKey: 'vote.title' } },
      { path: ':pathMatch(.*)*', name: 'not-found',
        component: () => import('../pages/portal/NotFoundPage.vue'),
        meta: { titleKey: 'notFound.title' } },
    ],
  },
  // A venue's printable QR poster: the page alone, nothing around it.
  {
    path: '/venues/:id(\\d+)/poster', name: 'venue-poster',
    component: () => import('../pages/venues/VenuePosterPage.vue'),
    meta: { requires: 'user', titleKey: 'venues.poster.title' },
  },
  {
    path: '/workspace',
    component: () => import('../layouts/WorkspaceLayout.vue'),
    meta: { requires: 'user' },
    children: workspaceRoutes,
  },
];

// The navigation entries this user may see, grouped: [{ group, items }].
export function navigationFor(user) {
  const items = workspaceRoutes.filter(
    (r) => r.meta.nav && hasRole(user, r.meta.requires),
  );
  return NAV_GROUPS.map((g) => ({
    ...g,
    items: items.filter((r) => r.meta.nav.group === g.id)
      .map((r) => ({ name: r.name, labelKey: r.meta.nav.labelKey,
        path: r.path ? `/workspace/${r.path}` : '/workspace' })),
  })).filter((g) => g.items.length);
}

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (to, from, saved) => saved || { top: 0 },
});

// Every route needing a role waits for the session; nobody logged in goes
// to the login page (and comes back afterwards), a missing role to 403.
router.beforeEach(async (to) => {
  routeLoading.value = true;
  await loadSession();
  const needs = to.matched.map((r) => r.meta.requires).filter(Boolean);
  if (!needs.length) return true;
  if (!session.user) return { name: 'login', query: { redirect: to.fullPath } };
  if (!needs.every((role) => hasRole(session.user, role))) return { name: 'forbidden' };
  // After an administrator's reset, the account page asks for a new password first.
  if (session.mustChangePassword && to.name !== 'account') return { name: 'account' };
  return true;
});

router.afterEach(() => { routeLoading.value = false; });
router.onError(() => { routeLoading.value = false; });
