// locate(): which albums hold a picture, by its UUID (stable across albums).

#include "quire/search.h"
#include "quire/pictures.h"

#include "across/search_targets.h"

#include "quire/registry.h"
#include "quire/session.h"

#include <QMutex>
#include <QSemaphore>
#include <QThreadPool>

#include <algorithm>

namespace quire {

namespace {

struct LocateState {
    QMutex mutex;
    LocateResult result;
    QSemaphore ended;
};

Result<std::optional<PictureLocation>> locateIn(Registry &registry, const detail::AlbumTarget &target,
                                                const QUuid &pictureUuid)
{
    Result<Album> album = detail::openTarget(registry, target);
    if (!album)
        return album.error();
    Result<Session> session = album->session(Access::Read, QStringLiteral("locate"));
    if (!session)
        return session.error();
    Result<std::optional<Picture>> picture = quire::Pictures(*session).byUuid(pictureUuid);
    if (!picture)
        return picture.error();
    if (!*picture)
        return std::optional<PictureLocation>();
    return std::optional<PictureLocation>(
        PictureLocation{target.uuid, album->folder(), album->name(), std::move(**picture)});
}

} // namespace

Result<LocateResult> locate(Registry &registry, const QUuid &pictureUuid, QThreadPool *pool)
{
    Result<detail::AlbumTargets> targets = detail::albumTargets(registry, {});
    if (!targets)
        return targets.error();
    if (!pool)
        pool = QThreadPool::globalInstance();
    auto state = std::make_shared<LocateState>();
    state->result.albumsTotal = int(targets->albums.size());
    for (const detail::AlbumTarget &target : std::as_const(targets->albums)) {
        pool->start([state, target, pictureUuid, &registry] {
            Result<std::optional<PictureLocation>> found = locateIn(registry, target, pictureUuid);
            {
                QMutexLocker lock(&state->mutex);
                if (!found)
                    state->result.failedAlbums.append(found.error().album().isEmpty()
                                                          ? found.error().withAlbum(target.folder)
                                                          : found.error());
                else if (*found)
                    state->result.locations.append(std::move(**found));
            }
            state->ended.release();
        });
    }
    state->ended.acquire(int(targets->albums.size()));
    QMutexLocker lock(&state->mutex);
    LocateResult result = std::move(state->result);
    std::sort(result.locations.begin(), result.locations.end(),
              [](const PictureLocation &a, const PictureLocation &b) { return a.albumUuid < b.albumUuid; });
    std::sort(result.failedAlbums.begin(), result.failedAlbums.end(),
              [](const Error &a, const Error &b) { return a.album() < b.album(); });
    return result;
}

} // namespace quire
