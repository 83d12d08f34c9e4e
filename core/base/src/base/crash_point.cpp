#include "base/crash_point.h"

#include <QByteArray>
#include <QtGlobal>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <mutex>

namespace quire::detail {

namespace {

int crashAt()
{
    static const int at = qEnvironmentVariableIntValue("QUIRE_CRASH_AT");
    return at;
}

std::atomic<int> reached{0};

} // namespace

void crashPoint(const char *name)
{
    const int n = reached.fetch_add(1, std::memory_order_relaxed) + 1;
    if (crashAt() > 0 && n == crashAt()) {
        std::fprintf(stderr, "quire: crash point %d (%s): killed by QUIRE_CRASH_AT\n", n, name);
        std::fflush(stderr);
        std::raise(SIGKILL);
    }
}

int crashPointsReached()
{
    return reached.load(std::memory_order_relaxed);
}

namespace {

std::atomic<int> copyFaultAt{0};
std::atomic<int> copyFaultErrno{0};
std::atomic<int> copiesAttempted{0};
std::once_flag copyFaultFromEnvironment;

// QUIRE_FAIL_FILE_COPY_AT="N:ENOSPC" or "N:EIO".
void readCopyFaultEnvironment()
{
    const QByteArray value = qgetenv("QUIRE_FAIL_FILE_COPY_AT");
    const int colon = value.indexOf(':');
    if (colon <= 0)
        return;
    const int n = value.left(colon).toInt();
    const QByteArray name = value.mid(colon + 1).trimmed().toUpper();
    const int err = name == "ENOSPC" ? ENOSPC : name == "EIO" ? EIO : 0;
    if (n > 0 && err != 0) {
        copyFaultErrno.store(err);
        copyFaultAt.store(n);
    }
}

} // namespace

int fileCopyFault()
{
    std::call_once(copyFaultFromEnvironment, readCopyFaultEnvironment);
    const int at = copyFaultAt.load(std::memory_order_relaxed);
    const int n = copiesAttempted.fetch_add(1, std::memory_order_relaxed) + 1;
    if (at <= 0 || n != at)
        return 0;
    const int err = copyFaultErrno.load();
    std::fprintf(stderr, "quire: file copy %d fails with errno %d (QUIRE_FAIL_FILE_COPY_AT)\n", n, err);
    return err;
}

void setFileCopyFault(int n, int err)
{
    std::call_once(copyFaultFromEnvironment, [] {});
    copyFaultAt.store(0);
    copiesAttempted.store(0);
    copyFaultErrno.store(err);
    copyFaultAt.store(n);
}

int fileCopiesAttempted()
{
    return copiesAttempted.load(std::memory_order_relaxed);
}

} // namespace quire::detail
