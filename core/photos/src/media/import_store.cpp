#include "media/import_store.h"

#include "album/sidecar_writeback.h"

#include "quire/pictures.h"
#include "quire/session.h"
#include "quire/statement.h"
#include "quire/tags.h"
#include "quire/transaction.h"

namespace quire::detail {

namespace {

// The picture as the file (and its sidecar, already applied) describes it,
// over what the album already knows (uuid, added_at, and the rating, title,
// labels set in Quire where the file says nothing).
void fillFromFile(Picture &p, const ImportResult &r)
{
    const PhotoFile &f = r.file;
    const PhotoMetadata &m = f.metadata;
    p.path = r.job.file.relativePath;
    p.fileSize = f.size;
    p.fileModified = f.modified;
    p.contentHash = f.contentHash;
    p.width = f.shownSize.width();
    p.height = f.shownSize.height();
    p.orientation = m.orientation;
    p.cameraMake = m.cameraMake;
    p.cameraModel = m.cameraModel;
    p.lens = m.lens;
    p.exposureTime = m.exposureTime;
    p.fNumber = m.fNumber;
    p.iso = m.iso;
    p.focalLength = m.focalLength;
    p.gps = m.gps;
    p.utcOffsetMinutes = m.utcOffsetMinutes;
    p.takenAtGuessed = !m.takenAt.isValid();
    p.takenAt = m.takenAt.isValid() ? m.takenAt : f.modified;
    if (m.rating)
        p.rating = *m.rating;
    if (m.pick)
        p.pick = *m.pick;
    else if (m.rating && p.pick == PickState::Rejected)
        p.pick = PickState::None; // stars where -1 was: no longer rejected
    if (m.colourLabel)
        p.colourLabel = *m.colourLabel;
    if (!m.title.isEmpty())
        p.title = m.title;
    if (!m.description.isEmpty())
        p.description = m.description;
    p.state = PictureState::Present;
    p.kind = f.kind;
    p.durationMs = f.durationMs;
    p.frameRate = f.frameRate;
    p.videoCodec = f.videoCodec;
    p.audioCodec = f.audioCodec;
}

// Which sidecar the picture was read with, so a rescan knows when it
// changes. Not part of Picture's writes: only the importer knows it.
Result<void> recordSidecar(Session &session, qint64 pictureId, const std::optional<FoundFile> &sidecar)
{
    Result<Statement> set = session.connection().cached(
        "UPDATE pictures SET sidecar_path = ?1, sidecar_size = ?2, sidecar_mtime = ?3 WHERE id = ?4");
    if (!set)
        return set.error();
    if (sidecar)
        set->bind(1, sidecar->relativePath).bind(2, sidecar->size).bind(3, sidecar->modifiedMs);
    else
        set->bindNull(1).bindNull(2).bindNull(3);
    set->bind(4, pictureId);
    return set->run();
}

} // namespace

Result<void> ImportStore::recordProblem(Session &session, const QString &path, const QString &reason,
                                        qint64 pictureId, qint64 size, qint64 modifiedMs, qint64 now,
                                        bool failed)
{
    Result<Statement> insert = session.connection().cached(
        "INSERT OR REPLACE INTO import_problems (path, reason, picture_id, file_size, file_mtime, seen_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert)
        return insert.error();
    insert->bind(1, path).bind(2, reason);
    if (pictureId)
        insert->bind(3, pictureId);
    else
        insert->bindNull(3);
    insert->bind(4, size).bind(5, modifiedMs).bind(6, now);
    if (auto r = insert->run(); !r)
        return r;
    m_report.problems.append(ImportProblem{path, reason, pictureId == 0});
    if (pictureId == 0 && failed)
        ++m_report.failed;
    return {};
}

Result<void> ImportStore::writeOne(Session &session, const ImportResult &r, qint64 now)
{
    const FoundFile &found = r.job.file;
    if (!r.file.failure.isEmpty()) {
        const QString reason = QStringLiteral("Not imported: %1.").arg(r.file.failure);
        return recordProblem(session, found.relativePath, reason, 0, found.size, found.modifiedMs, now);
    }
    Pictures pictures = quire::Pictures(session);
    Picture picture;
    qint64 id = r.job.pictureId;
    int *counter = r.job.wasMissing ? &m_report.returned : &m_report.updated;
    if (!id) {
        // A new name for a picture whose file went away: the same photo
        // renamed or moved inside the album keeps its row and tags.
        const QList<qint64> candidates = m_plan.vanishedByHash.values(r.file.contentHash);
        if (!candidates.isEmpty()) {
            id = candidates.first();
            m_plan.vanishedByHash.remove(r.file.contentHash, id);
            m_plan.vanishedPresent.remove(id);
            counter = &m_report.relinked;
        }
    }
    if (id) {
        Result<std::optional<Picture>> existing = pictures.byId(id);
        if (!existing)
            return existing.error();
        if (*existing)
            picture = **existing;
        else
            id = 0; // removed meanwhile by someone else: added afresh
    }
    if (!id)
        counter = &m_report.added;
    fillFromFile(picture, r);
    // Each write below runs in a savepoint of the batch: a picture the album
    // refuses (a path it cannot hold, a row someone else just added) is
    // undone alone and reported; only a failing database ends the batch.
    const Result<void> written = id ? pictures.update(picture) : pictures.add(picture);
    if (!written) {
        const ErrorCode code = written.error().code();
        if (code == ErrorCode::AlreadyExists) {
            ++m_report.unchanged; // another import recorded it meanwhile
            return {};
        }
        if (code == ErrorCode::InvalidArgument || code == ErrorCode::Constraint || code == ErrorCode::NotFound)
            return recordProblem(session, found.relativePath,
                                 QStringLiteral("Not imported: %1").arg(written.error().message()), 0, found.size,
                                 found.modifiedMs, now);
        return written;
    }
    ++*counter;
    if (!id)
        id = picture.id;
    if (auto t = pictures.setThumbnail(id, r.file.thumbnail); !t)
        return t;
    // Most pictures have no sidecar, then or now: no second write for them.
    if (r.job.sidecar || !picture.sidecarPath.isEmpty()) {
        if (auto s = recordSidecar(session, id, r.job.sidecar); !s)
            return s;
    }
    if (r.job.sidecar)
        ++m_report.sidecars;

    Tags tags = quire::Tags(session);
    for (const QString &keyword : r.file.metadata.keywords) {
        qint64 tagId = m_tagIds.value(keyword);
        if (!tagId) {
            Result<Tag> tag = tags.ensure(keyword);
            if (!tag)
                continue; // a keyword Quire cannot hold as a tag path; the rest still count
            tagId = tag->id;
            m_tagIds.insert(keyword, tagId);
        }
        if (auto a = tags.attach({id}, tagId); !a)
            return a;
    }

    Result<Statement> clear = session.connection().cached("DELETE FROM import_problems WHERE path = ?1");
    if (!clear)
        return clear.error();
    clear->bind(1, found.relativePath);
    if (auto c = clear->run(); !c)
        return c;
    if (r.job.sidecar) {
        // Read now with its picture: it is no longer a sidecar without one.
        clear->bind(1, r.job.sidecar->relativePath);
        if (auto c = clear->run(); !c)
            return c;
    }
    // A file without a date is common (screenshots, scans) and only flagged
    // (taken_at_guessed); a date that was there and wrong is a caveat.
    QStringList caveats = r.file.warnings;
    if (picture.takenAtGuessed && !caveats.isEmpty())
        caveats.append(QStringLiteral("The file's time is used as the date."));
    if (!caveats.isEmpty())
        return recordProblem(session, found.relativePath, caveats.join(QLatin1Char(' ')), id, found.size,
                             found.modifiedMs, now);
    return {};
}

Result<void> ImportStore::markVanished(Session &session)
{
    Result<Statement> mark = session.connection().cached("UPDATE pictures SET state = 1 WHERE id = ?1");
    if (!mark)
        return mark.error();
    for (qint64 id : std::as_const(m_plan.vanishedPresent)) {
        mark->reset();
        mark->bind(1, id);
        if (auto r = mark->run(); !r)
            return r;
    }
    Result<Statement> drop =
        session.connection().cached("DELETE FROM import_problems WHERE path = ?1 AND picture_id IS NULL");
    if (!drop)
        return drop.error();
    for (const QString &path : std::as_const(m_plan.vanishedProblemPaths)) {
        drop->reset();
        drop->bind(1, path);
        if (auto r = drop->run(); !r)
            return r;
    }
    return {};
}

Result<void> ImportStore::writeBatch(Session &session, const QList<ImportResult> &batch, bool badNames,
                                     bool vanished)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const ImportResult &result : batch) {
        if (auto r = writeOne(session, result, now); !r)
            return r.error().album().isEmpty() ? r.error().withAlbum(m_album.folder()) : r.error();
    }
    if (badNames) {
        for (const FoundFile &file : std::as_const(m_plan.badNames)) {
            if (auto r = recordProblem(session, file.relativePath, QStringLiteral("Not imported: %1.").arg(file.problem),
                                       0, file.size, file.modifiedMs, now);
                !r)
                return r;
        }
        // Not pictures that failed: files beside them that no picture takes.
        for (const UnmatchedSidecar &s : std::as_const(m_plan.unmatchedSidecars)) {
            if (auto r = recordProblem(session, s.sidecar.relativePath, QStringLiteral("Sidecar not read: %1.").arg(s.reason),
                                       0, s.sidecar.size, s.sidecar.modifiedMs, now, false);
                !r)
                return r;
        }
    }
    return vanished ? markVanished(session) : Result<void>();
}

Result<void> ImportStore::write(const QList<ImportResult> &batch, bool last, bool markVanishedNow)
{
    const bool badNames = last && (!m_plan.badNames.isEmpty() || !m_plan.unmatchedSidecars.isEmpty());
    const bool vanished =
        markVanishedNow && (!m_plan.vanishedPresent.isEmpty() || !m_plan.vanishedProblemPaths.isEmpty());
    if (batch.isEmpty() && !badNames && !vanished)
        return {};
    Result<Session> session = m_album.session(Access::Write, QStringLiteral("import"));
    if (!session)
        return session.error();
    Result<Transaction> transaction = session->transaction();
    if (!transaction)
        return transaction.error();
    m_tagIds.clear();
    // Counts and problems are only true once the batch commits.
    const ImportReport before = m_report;
    Result<void> written = writeBatch(*session, batch, badNames, vanished);
    // What the importer writes comes from the files and sidecars it has
    // just read: nothing of it goes back to a sidecar.
    dropSidecarEdits(*session);
    if (written)
        written = transaction->commit();
    if (!written) {
        m_report = before;
        return written;
    }
    if (vanished) {
        m_report.missing += int(m_plan.vanishedPresent.size());
        m_plan.vanishedPresent.clear();
        m_plan.vanishedProblemPaths.clear();
    }
    return {};
}

} // namespace quire::detail
