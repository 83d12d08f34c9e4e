#include "bench.h"

#include <QElapsedTimer>

#include <algorithm>

namespace quire::bench {

QList<Workload> allWorkloads()
{
    return {insertWorkload()};
}

double seconds(const std::function<void()> &f)
{
    QElapsedTimer timer;
    timer.start();
    f();
    return double(timer.nsecsElapsed()) / 1e9;
}

namespace {

Run median(QList<Run> runs)
{
    for (const Run &run : runs) {
        if (!run.error.isEmpty())
            return run;
    }
    std::sort(runs.begin(), runs.end(), [](const Run &a, const Run &b) { return a.seconds < b.seconds; });
    return runs[runs.size() / 2];
}

} // namespace

Comparison measure(const Workload &workload, double scale, int repeat)
{
    QList<Run> quireRuns, limitRuns;
    for (int i = 0; i < repeat; ++i) {
        // Alternate sides so that a slow moment of the machine hurts both.
        {
            QTemporaryDir dir;
            limitRuns.append(workload.limit(dir.path(), scale));
        }
        {
            QTemporaryDir dir;
            quireRuns.append(workload.quire(dir.path(), scale));
        }
    }
    return Comparison{workload, median(quireRuns), median(limitRuns)};
}

} // namespace quire::bench
