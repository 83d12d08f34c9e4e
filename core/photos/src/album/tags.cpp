#include "quire/tags.h"

#include "quire/session.h"
#include "album/sidecar_writeback.h"
#include "album/write_scope.h"

#include <QHash>

#include <sqlite3.h>

namespace quire {

namespace {

Result<QString> checkedName(Session &session, const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return session.error(ErrorCode::InvalidArgument, QStringLiteral("A tag name cannot be empty."));
    if (trimmed.contains(QLatin1Char('/')))
        return session.error(ErrorCode::InvalidArgument,
                             QStringLiteral("A tag name cannot contain '/' ('%1'); '/' separates "
                                            "levels in a tag path.").arg(trimmed));
    return trimmed;
}

QStringList pathParts(const QString &path)
{
    QStringList parts;
    for (const QString &part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        const QString trimmed = part.trimmed();
        if (!trimmed.isEmpty())
            parts.append(trimmed);
    }
    return parts;
}

Result<std::optional<qint64>> childId(Connection &db, qint64 parentId, const QString &name)
{
    // Written to match the tags_parent_name index expression exactly.
    Result<Statement> find = db.cached("SELECT id FROM tags WHERE ifnull(parent_id, 0) = ?1 AND name = ?2");
    if (!find)
        return find.error();
    find->bind(1, parentId).bind(2, name);
    Result<bool> row = find->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<qint64>();
    return std::optional<qint64>(find->int64(0));
}

Result<void> checkPicturesExist(Session &session, const QList<qint64> &pictureIds)
{
    Result<Statement> exists = session.connection().cached("SELECT 1 FROM pictures WHERE id = ?1");
    if (!exists)
        return exists.error();
    for (qint64 id : pictureIds) {
        exists->bind(1, id);
        Result<bool> row = exists->step();
        if (!row)
            return row.error();
        exists->reset();
        if (!*row)
            return session.error(ErrorCode::NotFound,
                                 QStringLiteral("No picture with id %1 is in the album.").arg(id));
    }
    return {};
}

} // namespace

Result<Tag> Tags::ensure(const QString &path)
{
    const QStringList parts = pathParts(path);
    if (parts.isEmpty())
        return m_session.error(ErrorCode::InvalidArgument,
                               QStringLiteral("The tag path '%1' names no tag.").arg(path));
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    Connection &db = m_session.connection();
    Tag tag;
    for (const QString &name : parts) {
        Result<std::optional<qint64>> existing = childId(db, tag.id, name);
        if (!existing)
            return existing.error();
        if (*existing) {
            tag = Tag{**existing, tag.id, name, tag.path.isEmpty() ? name : tag.path + u'/' + name};
            continue;
        }
        Result<Tag> made = create(name, tag.id);
        if (!made)
            return made.error();
        tag = *made;
    }
    if (auto r = transaction->commit(); !r)
        return r.error();
    return tag;
}

Result<Tag> Tags::create(const QString &nameArgument, qint64 parentId)
{
    Result<QString> name = checkedName(m_session, nameArgument);
    if (!name)
        return name.error();
    QString parentPath;
    if (parentId != 0) {
        Result<std::optional<Tag>> parent = byId(parentId);
        if (!parent)
            return parent.error();
        if (!*parent)
            return m_session.error(ErrorCode::NotFound,
                                   QStringLiteral("No tag with id %1 is in the album.").arg(parentId));
        parentPath = (*parent)->path;
    }
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    Connection &db = m_session.connection();
    Result<Statement> insert = db.cached("INSERT INTO tags (parent_id, name) VALUES (?1, ?2)");
    if (!insert)
        return insert.error();
    if (parentId == 0)
        insert->bindNull(1);
    else
        insert->bind(1, parentId);
    insert->bind(2, *name);
    const QString path = parentPath.isEmpty() ? *name : parentPath + u'/' + *name;
    if (auto r = insert->run(); !r) {
        if ((r.error().sqliteCode() & 0xff) == SQLITE_CONSTRAINT)
            return m_session.error(ErrorCode::AlreadyExists,
                                   QStringLiteral("The tag '%1' already exists.").arg(path));
        return r.error();
    }
    Tag tag{db.lastInsertRowId(), parentId, *name, path};
    if (auto r = transaction->commit(); !r)
        return r.error();
    return tag;
}

Result<std::optional<Tag>> Tags::byPath(const QString &path)
{
    const QStringList parts = pathParts(path);
    if (parts.isEmpty())
        return std::optional<Tag>();
    Tag tag;
    for (const QString &name : parts) {
        Result<std::optional<qint64>> id = childId(m_session.connection(), tag.id, name);
        if (!id)
            return id.error();
        if (!*id)
            return std::optional<Tag>();
        tag = Tag{**id, tag.id, name, tag.path.isEmpty() ? name : tag.path + u'/' + name};
    }
    return std::optional<Tag>(tag);
}

Result<std::optional<Tag>> Tags::byId(qint64 id)
{
    // Walks up to the root to build the path.
    Result<Statement> select = m_session.connection().cached(
        "WITH RECURSIVE up(id, parent_id, name, depth) AS ("
        " SELECT id, parent_id, name, 0 FROM tags WHERE id = ?1"
        " UNION ALL SELECT t.id, t.parent_id, t.name, up.depth + 1 FROM tags t JOIN up ON t.id = up.parent_id"
        " WHERE up.depth < 100)"
        " SELECT id, ifnull(parent_id, 0), name FROM up ORDER BY depth DESC");
    if (!select)
        return select.error();
    select->bind(1, id);
    QStringList names;
    Tag tag;
    auto read = select->each([&](const Statement &s) {
        names.append(s.text(2));
        tag = Tag{s.int64(0), s.int64(1), s.text(2), {}};
    });
    if (!read)
        return read.error();
    if (names.isEmpty() || tag.id != id)
        return std::optional<Tag>();
    tag.path = names.join(u'/');
    return std::optional<Tag>(tag);
}

Result<QList<Tag>> Tags::all()
{
    Result<Statement> select = m_session.connection().cached(
        "SELECT id, ifnull(parent_id, 0), name FROM tags ORDER BY id");
    if (!select)
        return select.error();
    QList<Tag> tags;
    QHash<qint64, qsizetype> index;
    auto read = select->each([&](const Statement &s) {
        index.insert(s.int64(0), tags.size());
        tags.append(Tag{s.int64(0), s.int64(1), s.text(2), {}});
    });
    if (!read)
        return read.error();
    for (Tag &tag : tags) {
        QStringList names{tag.name};
        qint64 parent = tag.parentId;
        for (int depth = 0; parent != 0 && depth < 100; ++depth) {
            const auto it = index.constFind(parent);
            if (it == index.constEnd())
                break;
            names.prepend(tags[*it].name);
            parent = tags[*it].parentId;
        }
        tag.path = names.join(u'/');
    }
    std::sort(tags.begin(), tags.end(), [](const Tag &a, const Tag &b) { return a.path < b.path; });
    return tags;
}

Result<void> Tags::rename(qint64 tagId, const QString &newName)
{
    Result<QString> name = checkedName(m_session, newName);
    if (!name)
        return name.error();
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    Connection &db = m_session.connection();
    // Before the rename changes the tag paths its pictures carry.
    if (auto r = detail::noteSidecarEditsOfTag(m_session, tagId); !r)
        return r;
    Result<Statement> update = db.cached("UPDATE tags SET name = ?1 WHERE id = ?2");
    if (!update)
        return update.error();
    update->bind(1, *name).bind(2, tagId);
    if (auto r = update->run(); !r) {
        if ((r.error().sqliteCode() & 0xff) == SQLITE_CONSTRAINT)
            return m_session.error(ErrorCode::AlreadyExists,
                                   QStringLiteral("A tag named '%1' already exists at that level.").arg(*name));
        return r;
    }
    if (db.changes() == 0)
        return m_session.error(ErrorCode::NotFound, QStringLiteral("No tag with id %1 is in the album.").arg(tagId));
    return transaction->commit();
}

Result<void> Tags::reparent(qint64 tagId, qint64 newParentId)
{
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    Connection &db = m_session.connection();
    if (newParentId != 0) {
        // The new parent may not be the tag itself or one of its descendants.
        Result<Statement> below = db.cached(
            "WITH RECURSIVE down(id) AS (SELECT ?1 UNION SELECT t.id FROM tags t JOIN down ON t.parent_id = down.id)"
            " SELECT 1 FROM down WHERE id = ?2");
        if (!below)
            return below.error();
        below->bind(1, tagId).bind(2, newParentId);
        Result<bool> row = below->step();
        if (!row)
            return row.error();
        if (*row)
            return m_session.error(ErrorCode::InvalidArgument,
                                   QStringLiteral("A tag cannot be moved under itself or one of its own sub-tags."));
    }
    // Before the move changes the tag paths its pictures carry.
    if (auto r = detail::noteSidecarEditsOfTag(m_session, tagId); !r)
        return r;
    Result<Statement> update = db.cached("UPDATE tags SET parent_id = ?1 WHERE id = ?2");
    if (!update)
        return update.error();
    if (newParentId == 0)
        update->bindNull(1);
    else
        update->bind(1, newParentId);
    update->bind(2, tagId);
    if (auto r = update->run(); !r) {
        const int code = r.error().sqliteCode();
        if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
            return m_session.error(ErrorCode::NotFound,
                                   QStringLiteral("No tag with id %1 is in the album.").arg(newParentId));
        if ((code & 0xff) == SQLITE_CONSTRAINT)
            return m_session.error(ErrorCode::AlreadyExists,
                                   QStringLiteral("The new parent already has a tag of that name."));
        return r;
    }
    if (db.changes() == 0)
        return m_session.error(ErrorCode::NotFound, QStringLiteral("No tag with id %1 is in the album.").arg(tagId));
    return transaction->commit();
}

Result<void> Tags::remove(qint64 tagId)
{
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    // Before the delete takes the tag off them.
    if (auto r = detail::noteSidecarEditsOfTag(m_session, tagId); !r)
        return r;
    Result<Statement> remove = m_session.connection().cached("DELETE FROM tags WHERE id = ?1");
    if (!remove)
        return remove.error();
    if (auto r = remove->bind(1, tagId).run(); !r)
        return r;
    if (m_session.connection().changes() == 0)
        return m_session.error(ErrorCode::NotFound, QStringLiteral("No tag with id %1 is in the album.").arg(tagId));
    return transaction->commit();
}

Result<void> Tags::attach(const QList<qint64> &pictureIds, qint64 tagId)
{
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    if (auto r = checkPicturesExist(m_session, pictureIds); !r)
        return r;
    if (auto r = detail::noteSidecarEdits(m_session, pictureIds); !r)
        return r;
    Result<Statement> insert = m_session.connection().cached(
        "INSERT OR IGNORE INTO picture_tags (picture_id, tag_id) VALUES (?1, ?2)");
    if (!insert)
        return insert.error();
    for (qint64 id : pictureIds) {
        insert->bind(1, id).bind(2, tagId);
        if (auto r = insert->run(); !r) {
            if (r.error().sqliteCode() == SQLITE_CONSTRAINT_FOREIGNKEY)
                return m_session.error(ErrorCode::NotFound,
                                       QStringLiteral("No tag with id %1 is in the album.").arg(tagId));
            return r;
        }
    }
    return transaction->commit();
}

Result<void> Tags::detach(const QList<qint64> &pictureIds, qint64 tagId)
{
    Result<Transaction> transaction = detail::beginWrite(m_session);
    if (!transaction)
        return transaction.error();
    if (auto r = detail::noteSidecarEdits(m_session, pictureIds); !r)
        return r;
    Result<Statement> remove = m_session.connection().cached(
        "DELETE FROM picture_tags WHERE picture_id = ?1 AND tag_id = ?2");
    if (!remove)
        return remove.error();
    for (qint64 id : pictureIds) {
        if (auto r = remove->bind(1, id).bind(2, tagId).run(); !r)
            return r;
    }
    return transaction->commit();
}

Result<QList<Tag>> Tags::of(qint64 pictureId)
{
    Result<Statement> select = m_session.connection().cached(
        "SELECT tag_id FROM picture_tags WHERE picture_id = ?1 ORDER BY tag_id");
    if (!select)
        return select.error();
    select->bind(1, pictureId);
    QList<qint64> ids;
    if (auto r = select->each([&ids](const Statement &s) { ids.append(s.int64(0)); }); !r)
        return r.error();
    QList<Tag> tags;
    for (qint64 id : ids) {
        Result<std::optional<Tag>> tag = byId(id);
        if (!tag)
            return tag.error();
        if (*tag)
            tags.append(**tag);
    }
    return tags;
}

} // namespace quire
