#pragma once
// Tags: the typed API over one session's tag tree and picture tags.
// Tags(session): the tags of an album, through one session; valid while
// the session is.

#include "quire/error.h"
#include "quire/tag.h"

#include <QList>

#include <optional>

namespace quire {

class Session;

class QUIRE_CORE_EXPORT Tags
{
public:
    explicit Tags(Session &session) : m_session(session) {}

    // The tag at "Places/Beach", made (with its parents) when missing.
    Result<Tag> ensure(const QString &path);
    Result<Tag> create(const QString &name, qint64 parentId = 0);
    Result<std::optional<Tag>> byPath(const QString &path);
    Result<std::optional<Tag>> byId(qint64 id);
    Result<QList<Tag>> all();
    Result<void> rename(qint64 tagId, const QString &newName);
    // Moves a tag (and its subtree) under another parent; 0 makes it a root.
    Result<void> reparent(qint64 tagId, qint64 newParentId);
    // Removes the tag, its subtree, and their attachments to pictures.
    Result<void> remove(qint64 tagId);

    Result<void> attach(const QList<qint64> &pictureIds, qint64 tagId);
    Result<void> detach(const QList<qint64> &pictureIds, qint64 tagId);
    Result<QList<Tag>> of(qint64 pictureId);

private:
    Session &m_session;
};

} // namespace quire
