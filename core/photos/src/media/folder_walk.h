#pragma once
// Walking a folder for photo files: native file-name bytes kept (a name
// that is not UTF-8 is reported, not mangled), .quire folders, albums
// nested inside and links to folders skipped, links to files outside the
// folder refused.

#include <QByteArray>
#include <QList>
#include <QString>

#include <atomic>

namespace quire::detail {

struct FoundFile {
    QByteArray nativePath;   // absolute, as the file system spells it
    QString relativePath;    // '/' separated; for a bad name, the bytes escaped as \xNN
    QString problem;         // non-empty: not importable, and why
    qint64 size = 0;
    qint64 modifiedMs = 0;   // UTC ms
};

struct FolderWalk {
    QList<FoundFile> files;  // sorted by relativePath
    QList<FoundFile> sidecars; // XMP sidecars (isSidecarFileName), sorted; checked as files are
    QList<FoundFile> folderProblems; // folders that could not be read
};

// Every file under root whose name passes isImportableFileName (or that
// cannot be named in UTF-8 but ends like one), and every XMP sidecar. Stops early when cancel is set.
FolderWalk walkFolder(const QString &root, const std::atomic<bool> *cancel = nullptr);

// A name's bytes for people: valid UTF-8 decoded, other bytes as \xNN.
QString escapedFileName(const QByteArray &bytes, bool *valid = nullptr);

} // namespace quire::detail
