#pragma once
// The file side of moving things between tenants, shared by the engine's
// row transfers and the album's picture transfers: placing a file in the
// destination without ever overwriting or losing it, syncing folders, and
// the per-source transfer lock that folder operations respect.

#include "quire/error.h"
#include "quire/format.h"

#include <QString>
#include <QUuid>

#include <functional>
#include <optional>

namespace quire::detail {

// Puts a copy of `from` at `to` without ever overwriting: a hard link when
// `link` and on the same file system, else a copy through a temporary name
// (to + partialSuffix), fsynced. Succeeds when `to` already holds the same
// file or bytes (placed before a crash). Paths are absolute.
Result<void> placeFile(const QString &from, const QString &to, bool link, const QString &partialSuffix);
// The name suffix of a file copied by a transfer until it is complete and
// fsynced ("IMG_1.jpg.quire-partial-<transfer>").
QString partialSuffix(const QUuid &transfer);
// Whether two files are the same file or hold the same bytes.
bool sameFileOrContent(const QString &a, const QString &b);
// Whether anything (a file, a folder, a dangling link) has this name.
bool fileExists(const QString &path);
Result<void> syncFolder(const QString &folder);
// A free name in the folder: "IMG_1.jpg", else "IMG_1 (2).jpg", ...
QString freeName(const QString &relativePath, const std::function<bool(const QString &)> &taken);

// <folder>/<control folder>/transfers.lock: the one place its name is spelled.
QString transferLockFile(const QString &folder, const TenantFormat &format);

// A lock held for the whole of a transfer, on its source tenant (flock on
// <control folder>/transfers.lock, a file kept for good so that it can
// never be left stale): recovery leaves the tenant's transfers alone while
// a transfer holds it, in this process or another, and folder operations
// refuse to move, rename or delete the tenant meanwhile. Transfers from one
// tenant therefore run one after the other.
class TransferLock
{
public:
    TransferLock() = default;
    TransferLock(TransferLock &&other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    TransferLock &operator=(TransferLock &&) = delete;
    ~TransferLock();
    // Blocks when `wait`, else fails at once when another holds it.
    static std::optional<TransferLock> take(const QString &lockFile, bool wait);

private:
    int m_fd = -1;
};

} // namespace quire::detail
