#pragma once
// Pictures: the typed API over one session's pictures table.
// Pictures(session): the pictures of an album, through one session; valid
// while the session is.

#include "quire/error.h"
#include "quire/picture.h"

#include <QList>

#include <optional>

namespace quire {

class Session;

class QUIRE_CORE_EXPORT Pictures
{
public:
    explicit Pictures(Session &session) : m_session(session) {}

    // Adds one picture: fills in id, uuid (when null) and addedAt, and
    // attaches picture.tagIds. Fails with AlreadyExists on a path or uuid
    // already in the album.
    Result<void> add(Picture &picture);
    // Adds many in one transaction: all or none.
    Result<void> add(QList<Picture> &pictures);
    // Writes every column of the picture with this id (tags untouched).
    Result<void> update(const Picture &picture);
    Result<void> remove(const QList<qint64> &ids);

    // One field of some pictures, the rest of each row left alone (what the
    // desktop's keys and quirectl change). In one transaction: a missing id
    // is NotFound and nothing is written. An empty title or description
    // removes it.
    Result<void> setTitle(qint64 id, const QString &title);
    Result<void> setDescription(qint64 id, const QString &description);
    Result<void> setRating(const QList<qint64> &ids, int rating);
    Result<void> setColourLabel(const QList<qint64> &ids, ColourLabel label);
    Result<void> setPick(const QList<qint64> &ids, PickState pick);

    Result<std::optional<Picture>> byId(qint64 id);
    Result<std::optional<Picture>> byUuid(const QUuid &uuid);
    Result<std::optional<Picture>> byPath(const QString &path);
    // A picture named the way a person would: its uuid or its path.
    Result<Picture> find(const QString &uuidOrPath);

    // The picture's thumbnail; empty when it has none.
    Result<std::optional<Thumbnail>> thumbnail(qint64 pictureId);
    // Stores (replaces) the picture's thumbnail.
    Result<void> setThumbnail(qint64 pictureId, const Thumbnail &thumbnail);

    Result<QList<Picture>> query(const PictureFilter &filter = {});
    Result<qint64> count(const PictureFilter &filter = {});

    // Checks that a path is relative, inside the album and normalised;
    // returns the normalised path ("a/./b.jpg" -> "a/b.jpg").
    static Result<QString> normalisedPath(const QString &path);

private:
    Session &m_session;
};

} // namespace quire
