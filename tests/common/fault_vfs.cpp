#include "fault_vfs.h"

#include <QtGlobal>

#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <string>

namespace quire::test {

namespace {

// The VFS is a C struct handed to SQLite, so its state is file-wide; one
// FaultVfs lives at a time (asserted).
struct State {
    sqlite3_vfs vfs;               // ours: a copy of the wrapped one with xOpen replaced
    sqlite3_vfs *real = nullptr;   // the default VFS we wrap
    std::atomic<int> counts[FaultVfs::KindCount] = {};
    std::atomic<int> failAt[FaultVfs::KindCount] = {}; // 0: never
    std::atomic<int> resultCode[FaultVfs::KindCount] = {};
    std::atomic<bool> persistent[FaultVfs::KindCount] = {};
    std::atomic<int> injected{0};
    // Main database files open now under `watched`, and the most at once.
    std::string watched;
    std::atomic<int> databasesOpen{0};
    std::atomic<int> databasesPeak{0};
    bool alive = false;
};

State state;

struct FaultFile {
    sqlite3_file base;
    sqlite3_file *real; // allocated right after this struct
    bool watched;       // a main database under the watched folder
};

sqlite3_file *realOf(sqlite3_file *file)
{
    return reinterpret_cast<FaultFile *>(file)->real;
}

// 0 to go on, else the result code this call fails with.
int fault(FaultVfs::Kind kind)
{
    const int n = state.counts[kind].fetch_add(1) + 1;
    const int at = state.failAt[kind].load();
    if (at <= 0 || n < at || (n > at && !state.persistent[kind].load()))
        return 0;
    state.injected.fetch_add(1);
    return state.resultCode[kind].load();
}

int xClose(sqlite3_file *f)
{
    sqlite3_file *r = realOf(f);
    const int rc = r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
    if (reinterpret_cast<FaultFile *>(f)->watched)
        state.databasesOpen.fetch_sub(1);
    f->pMethods = nullptr;
    return rc;
}

int xRead(sqlite3_file *f, void *buffer, int amount, sqlite3_int64 offset)
{
    if (const int rc = fault(FaultVfs::Read))
        return rc;
    sqlite3_file *r = realOf(f);
    return r->pMethods->xRead(r, buffer, amount, offset);
}

int xWrite(sqlite3_file *f, const void *buffer, int amount, sqlite3_int64 offset)
{
    if (const int rc = fault(FaultVfs::Write))
        return rc;
    sqlite3_file *r = realOf(f);
    return r->pMethods->xWrite(r, buffer, amount, offset);
}

int xTruncate(sqlite3_file *f, sqlite3_int64 size)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xTruncate(r, size);
}

int xSync(sqlite3_file *f, int flags)
{
    if (const int rc = fault(FaultVfs::Sync))
        return rc;
    sqlite3_file *r = realOf(f);
    return r->pMethods->xSync(r, flags);
}

int xFileSize(sqlite3_file *f, sqlite3_int64 *size)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xFileSize(r, size);
}

int xLock(sqlite3_file *f, int level)
{
    if (const int rc = fault(FaultVfs::Lock))
        return rc;
    sqlite3_file *r = realOf(f);
    return r->pMethods->xLock(r, level);
}

int xUnlock(sqlite3_file *f, int level)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xUnlock(r, level);
}

int xCheckReservedLock(sqlite3_file *f, int *out)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xCheckReservedLock(r, out);
}

int xFileControl(sqlite3_file *f, int op, void *arg)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xFileControl(r, op, arg);
}

int xSectorSize(sqlite3_file *f)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xSectorSize(r);
}

int xDeviceCharacteristics(sqlite3_file *f)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xDeviceCharacteristics(r);
}

int xShmMap(sqlite3_file *f, int region, int size, int extend, void volatile **out)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xShmMap(r, region, size, extend, out);
}

int xShmLock(sqlite3_file *f, int offset, int n, int flags)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xShmLock(r, offset, n, flags);
}

void xShmBarrier(sqlite3_file *f)
{
    sqlite3_file *r = realOf(f);
    r->pMethods->xShmBarrier(r);
}

int xShmUnmap(sqlite3_file *f, int deleteFlag)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xShmUnmap(r, deleteFlag);
}

int xFetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **out)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xFetch(r, offset, amount, out);
}

int xUnfetch(sqlite3_file *f, sqlite3_int64 offset, void *p)
{
    sqlite3_file *r = realOf(f);
    return r->pMethods->xUnfetch(r, offset, p);
}

const sqlite3_io_methods ioMethods = {
    3,          xClose,      xRead,       xWrite,          xTruncate,
    xSync,      xFileSize,   xLock,       xUnlock,         xCheckReservedLock,
    xFileControl, xSectorSize, xDeviceCharacteristics, xShmMap, xShmLock,
    xShmBarrier, xShmUnmap,  xFetch,      xUnfetch,
};

int xOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags)
{
    auto *f = reinterpret_cast<FaultFile *>(file);
    f->real = reinterpret_cast<sqlite3_file *>(f + 1);
    f->base.pMethods = nullptr;
    const int rc = state.real->xOpen(state.real, name, f->real, flags, outFlags);
    // SQLite calls xClose only when pMethods is set; a failed open of the
    // real file must leave it null.
    f->watched = false;
    if (f->real->pMethods) {
        Q_ASSERT(f->real->pMethods->iVersion >= 3);
        f->base.pMethods = &ioMethods;
        if ((flags & SQLITE_OPEN_MAIN_DB) && name && !state.watched.empty()
            && std::strncmp(name, state.watched.c_str(), state.watched.size()) == 0) {
            f->watched = true;
            const int now = state.databasesOpen.fetch_add(1) + 1;
            int peak = state.databasesPeak.load();
            while (now > peak && !state.databasesPeak.compare_exchange_weak(peak, now)) {
            }
        }
    }
    return rc;
}

} // namespace

FaultVfs::FaultVfs()
{
    Q_ASSERT_X(!state.alive, "FaultVfs", "one FaultVfs at a time");
    state.alive = true;
    state.real = sqlite3_vfs_find(nullptr);
    Q_ASSERT(state.real);
    // A copy of the wrapped VFS keeps its pAppData (the unix VFS finds its
    // locking style there) and every method but xOpen.
    std::memcpy(&state.vfs, state.real, sizeof(sqlite3_vfs));
    state.vfs.pNext = nullptr;
    state.vfs.zName = "quire-fault";
    state.vfs.szOsFile = int(sizeof(FaultFile)) + state.real->szOsFile;
    state.vfs.xOpen = xOpen;
    disarm();
    resetCounts();
    sqlite3_vfs_register(&state.vfs, 1);
}

FaultVfs::~FaultVfs()
{
    disarm();
    sqlite3_vfs_register(state.real, 1);
    // Connections still open on it keep working: their files hold the
    // methods and the real file; only new connections stop using it.
    sqlite3_vfs_unregister(&state.vfs);
    state.watched.clear();
    state.databasesOpen.store(0);
    state.databasesPeak.store(0);
    state.alive = false;
}

void FaultVfs::failAt(Kind kind, int n, int resultCode, bool persistent)
{
    disarm();
    resetCounts();
    state.injected.store(0);
    state.resultCode[kind].store(resultCode);
    state.persistent[kind].store(persistent);
    state.failAt[kind].store(n);
}

void FaultVfs::watchDatabasesUnder(const QString &folder)
{
    state.watched = folder.toStdString() + '/';
    state.databasesPeak.store(state.databasesOpen.load());
}

int FaultVfs::databasesOpen() const
{
    return state.databasesOpen.load();
}

int FaultVfs::databasesPeak() const
{
    return state.databasesPeak.load();
}

void FaultVfs::disarm()
{
    for (auto &at : state.failAt)
        at.store(0);
}

int FaultVfs::count(Kind kind) const
{
    return state.counts[kind].load();
}

void FaultVfs::resetCounts()
{
    for (auto &c : state.counts)
        c.store(0);
}

int FaultVfs::injected() const
{
    return state.injected.load();
}

QString FaultVfs::kindName(Kind kind)
{
    switch (kind) {
    case Read: return QStringLiteral("read");
    case Write: return QStringLiteral("write");
    case Sync: return QStringLiteral("sync");
    case Lock: return QStringLiteral("lock");
    case KindCount: break;
    }
    return QStringLiteral("?");
}

QString FaultVfs::resultName(int resultCode)
{
    switch (resultCode) {
    case SQLITE_FULL: return QStringLiteral("SQLITE_FULL");
    case SQLITE_IOERR: return QStringLiteral("SQLITE_IOERR");
    case SQLITE_IOERR_READ: return QStringLiteral("SQLITE_IOERR_READ");
    case SQLITE_IOERR_WRITE: return QStringLiteral("SQLITE_IOERR_WRITE");
    case SQLITE_IOERR_FSYNC: return QStringLiteral("SQLITE_IOERR_FSYNC");
    case SQLITE_IOERR_LOCK: return QStringLiteral("SQLITE_IOERR_LOCK");
    default: return QString::fromUtf8(sqlite3_errstr(resultCode));
    }
}

} // namespace quire::test
