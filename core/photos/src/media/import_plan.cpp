#include "media/import_plan.h"

#include "quire/session.h"
#include "quire/statement.h"

namespace quire::detail {

Result<ImportPlan> planImport(const Album &album, const FolderWalk &walk, bool rescan)
{
    QHash<QString, KnownPicture> known;
    struct Recorded { qint64 size; qint64 modifiedMs; QString reason; };
    QHash<QString, Recorded> problems;
    {
        Result<Session> session = album.session(Access::Read, QStringLiteral("import"));
        if (!session)
            return session.error();
        Connection &db = session->connection();
        Result<Statement> pictures =
            db.prepare("SELECT id, path, file_size, ifnull(file_mtime, -1), state, content_hash, ifnull(sidecar_path, ''),"
                       " ifnull(sidecar_size, -1), ifnull(sidecar_mtime, -1) FROM pictures");
        if (!pictures)
            return pictures.error();
        if (auto r = pictures->each([&](const Statement &s) {
                known.insert(s.text(1), KnownPicture{s.int64(0), s.int64(2), s.int64(3), s.integer(4) == 1, s.blob(5),
                                                     s.text(6), s.int64(7), s.int64(8)});
            });
            !r)
            return r.error();
        Result<Statement> recorded =
            db.prepare("SELECT path, ifnull(file_size, -1), ifnull(file_mtime, -1), reason FROM import_problems "
                       "WHERE picture_id IS NULL");
        if (!recorded)
            return recorded.error();
        if (auto r = recorded->each([&](const Statement &s) {
                problems.insert(s.text(0), Recorded{s.int64(1), s.int64(2), s.text(3)});
            });
            !r)
            return r.error();
    }

    ImportPlan plan;
    QSet<QString> seen;
    const SidecarMatch sidecars = matchSidecars(walk.files, walk.sidecars);
    plan.unmatchedSidecars = sidecars.unmatched;
    // A sidecar's problem row is its own: not a file that went away.
    for (const FoundFile &sidecar : walk.sidecars)
        seen.insert(sidecar.relativePath);
    for (const FoundFile &file : walk.files) {
        ++plan.found;
        seen.insert(file.relativePath);
        if (!file.problem.isEmpty()) {
            plan.badNames.append(file);
            continue;
        }
        if (const auto p = problems.constFind(file.relativePath);
            p != problems.cend() && p->size == file.size && p->modifiedMs == file.modifiedMs) {
            plan.unchangedProblems.append(ImportProblem{file.relativePath, p->reason, true});
            continue;
        }
        const auto k = known.constFind(file.relativePath);
        const auto sidecar = sidecars.byPicture.constFind(file.relativePath);
        const std::optional<FoundFile> itsSidecar =
            sidecar == sidecars.byPicture.cend() ? std::nullopt : std::optional<FoundFile>(*sidecar);
        if (k == known.cend()) {
            plan.jobs.append(ImportJob{file, 0, false, itsSidecar});
            plan.bytesTotal += file.size;
            continue;
        }
        const bool changed = k->size != file.size || k->modifiedMs != file.modifiedMs;
        const bool sidecarChanged = itsSidecar
            ? k->sidecarPath != itsSidecar->relativePath || k->sidecarSize != itsSidecar->size
                || k->sidecarModifiedMs != itsSidecar->modifiedMs
            : !k->sidecarPath.isEmpty();
        if (k->missing || (rescan && (changed || sidecarChanged))) {
            plan.jobs.append(ImportJob{file, k->id, k->missing, itsSidecar});
            plan.bytesTotal += file.size;
        } else {
            ++plan.unchanged;
        }
    }
    // A folder the walk could not read hides its files; they are not gone.
    auto unread = [&](const QString &path) {
        for (const FoundFile &folder : walk.folderProblems) {
            if (folder.relativePath == QLatin1String(".") || path.startsWith(folder.relativePath + QLatin1Char('/')))
                return true;
        }
        return false;
    };
    for (auto k = known.cbegin(); k != known.cend(); ++k) {
        if (seen.contains(k.key()) || unread(k.key()))
            continue;
        if (k->missing || rescan) {
            if (!k->contentHash.isEmpty())
                plan.vanishedByHash.insert(k->contentHash, k->id);
            if (!k->missing)
                plan.vanishedPresent.insert(k->id);
        }
    }
    if (rescan) {
        for (auto p = problems.cbegin(); p != problems.cend(); ++p) {
            if (!seen.contains(p.key()) && !unread(p.key()))
                plan.vanishedProblemPaths.insert(p.key());
        }
    }
    return plan;
}

} // namespace quire::detail
