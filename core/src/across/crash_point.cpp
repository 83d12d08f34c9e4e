#include "across/crash_point.h"

#include <QByteArray>
#include <QtGlobal>

#include <atomic>
#include <csignal>
#include <cstdio>

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

} // namespace quire::detail
