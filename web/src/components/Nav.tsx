import { useI18n, type MessageKey } from '../i18n/index.js';
import { href } from '../router.js';
import { SETTINGS_PERMISSIONS, useWorkspace, type WorkspaceState } from '../workspace.js';
import { Icon, type IconName } from './Icon.js';

export const AREAS = ['inbox', 'listening', 'network', 'publishing', 'customers', 'microblog', 'archive'] as const;
export type Area = (typeof AREAS)[number];

/** The permission that opens each area; an area whose permission the server does not define yet is open to all. */
const AREA_PERMISSION: Record<Area, string> = {
  inbox: 'inbox.read',
  listening: 'listening.read',
  network: 'network.read',
  publishing: 'publishing.read',
  customers: 'customers.read',
  microblog: 'microblog.use',
  archive: 'archive.read',
};

export function areaVisible(area: Area, ws: Pick<WorkspaceState, 'can' | 'knows'>): boolean {
  const p = AREA_PERMISSION[area];
  return ws.can(p) || !ws.knows(p);
}

export function settingsVisible(ws: Pick<WorkspaceState, 'can'>): boolean {
  return SETTINGS_PERMISSIONS.some((p) => ws.can(p));
}

interface Item {
  path: string;
  label: MessageKey;
  icon: IconName;
}

export function Nav({ path, open, id }: { path: string; open: boolean; id: string }) {
  const { t } = useI18n();
  const ws = useWorkspace();
  const items: Item[] = ws.loaded ? AREAS.filter((a) => areaVisible(a, ws)).map((a) => ({ path: `/${a}`, label: `nav.${a}` as const, icon: a })) : [];
  if (ws.loaded && settingsVisible(ws)) items.push({ path: '/settings', label: 'nav.settings', icon: 'settings' });

  return (
    <nav id={id} className={`sidebar ${open ? 'open' : ''}`} aria-label={t('nav.label')}>
      <ul>
        {items.map((item) => {
          const current = path === item.path || path.startsWith(`${item.path}/`);
          return (
            <li key={item.path}>
              <a href={href(item.path)} aria-current={current ? 'page' : undefined} data-nav={item.path.slice(1)}>
                <Icon name={item.icon} />
                <span>{t(item.label)}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
