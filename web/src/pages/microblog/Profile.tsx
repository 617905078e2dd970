import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useLoad } from '../../useLoad.js';
import { useWorkspace } from '../../workspace.js';
import { microblogApi } from './microblogApi.js';
import { useMbNav } from './nav.js';
import { Posts } from './Posts.js';

/** A colleague's profile: photo, name, department, title, extension, counts, follow, and their posts. */
export function Profile({ personId }: { personId: string }) {
  const { t, errorText } = useI18n();
  const { workspace } = useWorkspace();
  const nav = useMbNav();
  const data = useLoad(() => microblogApi.person(workspace.id, personId), [workspace.id, personId]);
  const [error, setError] = useState<string | null>(null);
  if (data.error) return <p className="alert alert-error">{errorText(data.error)}</p>;
  if (!data.data) return <p role="status">{t('common.loading')}</p>;
  const { person, relationship } = data.data;
  const self = nav.me?.id === person.id;
  const following = relationship?.following ?? false;
  const follow = () =>
    microblogApi
      .follow(workspace.id, person.id, !following)
      .then(() => data.reload())
      .catch((e) => setError(errorText(e)));
  return (
    <section aria-label={t('mb.profile.title', { name: person.displayName })} data-testid="mb-profile">
      <div className="card mb-profile">
        {person.photo ? (
          <img className="mb-photo" src={person.photo} alt={t('mb.profile.photo', { name: person.displayName })} />
        ) : (
          <span className="mb-photo mb-initial" aria-hidden="true" translate="no">
            {[...person.displayName][0] ?? '?'}
          </span>
        )}
        <div>
          <h2 translate="no">{person.displayName}</h2>
          <dl className="mb-facts">
            <dt>{t('mb.profile.department')}</dt>
            <dd translate="no">{person.department || '—'}</dd>
            <dt>{t('mb.profile.jobTitle')}</dt>
            <dd translate="no">{person.title || '—'}</dd>
            <dt>{t('mb.profile.extension')}</dt>
            <dd translate="no">{person.extension || '—'}</dd>
          </dl>
          <p className="muted" data-testid="mb-counts">
            {t('mb.profile.counts', { posts: person.postsCount, followers: person.followersCount, following: person.followingCount })}
          </p>
          {!person.active && <p className="alert">{t('mb.profile.inactive')}</p>}
          {relationship?.followedBy && <p className="muted small">{t('mb.profile.followsYou')}</p>}
          {!self && (
            <button type="button" className={following ? 'btn btn-small' : 'btn btn-small btn-primary'} aria-pressed={following} onClick={() => void follow()}>
              {following ? t('mb.profile.unfollow') : t('mb.profile.follow')}
            </button>
          )}
          {error && (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          )}
        </div>
      </div>
      <h3>{t('mb.profile.posts')}</h3>
      <Posts load={() => microblogApi.personPosts(workspace.id, person.id)} deps={[workspace.id, person.id]} />
    </section>
  );
}
