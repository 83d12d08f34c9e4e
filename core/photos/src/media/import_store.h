#pragma once
// Writing what the import workers read: one transaction per batch, through
// the typed API (pictures, tags, thumbnails) plus the import_problems rows.

#include "media/import_plan.h"
#include "media/photo_file.h"

#include "quire/album.h"
#include "quire/error.h"
#include "quire/import.h"

#include <QList>

namespace quire::detail {

struct ImportResult {
    ImportJob job;
    PhotoFile file;
};

class ImportStore
{
public:
    ImportStore(const Album &album, ImportPlan &plan, ImportReport &report)
        : m_album(album), m_plan(plan), m_report(report) {}

    // Writes a batch of results. The last batch also records the refusals
    // in plan.badNames and the sidecars no picture takes (after the results: a refused name's escaped text may
    // equal a real file's path, whose import clears that path's problem);
    // with markVanishedNow it marks the vanished pictures missing and drops
    // problem rows of files that are gone.
    Result<void> write(const QList<ImportResult> &batch, bool last, bool markVanishedNow);

private:
    // The batch's rows, in the caller's transaction.
    Result<void> writeBatch(class Session &session, const QList<ImportResult> &batch, bool badNames, bool vanished);
    Result<void> writeOne(class Session &session, const ImportResult &result, qint64 now);
    Result<void> markVanished(class Session &session);
    Result<void> recordProblem(class Session &session, const QString &path, const QString &reason,
                               qint64 pictureId, qint64 size, qint64 modifiedMs, qint64 now, bool failed = true);

    const Album &m_album;
    ImportPlan &m_plan;
    ImportReport &m_report;
    QHash<QString, qint64> m_tagIds; // keyword path -> tag id, within one batch
};

} // namespace quire::detail
