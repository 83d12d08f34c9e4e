#pragma once
// Walking a folder for photo files: native file-name bytes kept (a name
// that is not UTF-8 is reported, not mangled), .quire folders, albums
// nested inside and links to folders skipped, links to files outside the
// folder refused.

#include <QByteArray>
#include <QList>
#include <QString>

#include <atomic>
#include <sys/stat.h>

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

// A file's modification time as FoundFile::modifiedMs gives it. Whatever
// records a file's time for a later walk to compare (a sidecar Quire
// writes) takes it from here, so the two never differ in rounding.
inline qint64 modifiedMsOf(const struct stat &st)
{
    return qint64(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

// A name's bytes for people: valid UTF-8 decoded, other bytes as \xNN.
QString escapedFileName(const QByteArray &bytes, bool *valid = nullptr);

} // namespace quire::detail
