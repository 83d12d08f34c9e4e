#pragma once
// What an import has to do, worked out before any file is read: the album's
// pictures and recorded problems against the files found in its folder.

#include "media/folder_walk.h"
#include "media/sidecar_match.h"

#include "quire/album.h"
#include "quire/error.h"
#include "quire/import.h"

#include <QHash>
#include <QList>
#include <QMultiHash>
#include <QSet>

namespace quire::detail {

struct KnownPicture {
    qint64 id = 0;
    qint64 size = 0;
    qint64 modifiedMs = -1; // -1: never read by the importer
    bool missing = false;
    QByteArray contentHash;
    // The sidecar the importer read last time; empty path when none.
    QString sidecarPath;
    qint64 sidecarSize = -1;
    qint64 sidecarModifiedMs = -1;
};

struct ImportJob {
    FoundFile file;
    qint64 pictureId = 0;   // 0: a new file; else the picture to read again
    bool wasMissing = false;
    std::optional<FoundFile> sidecar; // its XMP sidecar, when it has one
};

struct ImportPlan {
    QList<ImportJob> jobs;            // files to read
    QList<ImportProblem> unchangedProblems; // failed before, unchanged: not read again
    QList<FoundFile> badNames;        // found, refused without reading (names, links, ...)
    QSet<QString> vanishedProblemPaths; // problem rows whose file is gone (rescan)
    // Pictures without a file: known missing, and (rescan) present ones not
    // found. A new file with the same content takes one of these over.
    QMultiHash<QByteArray, qint64> vanishedByHash;
    QSet<qint64> vanishedPresent;     // to be marked missing at the end unless relinked
    QList<UnmatchedSidecar> unmatchedSidecars; // recorded as problems with the last batch
    int found = 0;
    int unchanged = 0;
    qint64 bytesTotal = 0;
};

// Reads the album's pictures and problem rows and compares them with the
// walk. Plain import reads new files and pictures marked missing whose
// file is back; rescan also reads changed files, pictures whose sidecar
// appeared, changed or went away, and notes vanished ones.
Result<ImportPlan> planImport(const Album &album, const FolderWalk &walk, bool rescan);

} // namespace quire::detail
