#pragma once
// The bench's frame: a workload runs once through Quire and once on raw
// SQLite; the ratio of the two times is the figure that matters.

#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <functional>

namespace quire::bench {

struct Run {
    double seconds = 0;
    qint64 rows = 0;      // rows (or albums, files) the run handled
    QString error;        // set when the run failed
    QString note;         // anything else worth printing (peak fds, RSS)
};

struct Workload {
    QString name;
    QString description;
    double target = 0;    // the ratio quire/limit must stay at or under; 0 when none
    // Each side gets a fresh empty folder and the scale (1.0 = as the issue says).
    std::function<Run(const QString &folder, double scale)> quire;
    std::function<Run(const QString &folder, double scale)> limit;
};

struct Comparison {
    Workload workload;
    Run quire;
    Run limit;
    double ratio() const { return limit.seconds > 0 ? quire.seconds / limit.seconds : 0; }
};

// Workloads register themselves in this list (see w1_insert.cpp).
QList<Workload> allWorkloads();
Workload insertWorkload();

// Runs both sides `repeat` times, alternating, and keeps the median of each.
Comparison measure(const Workload &workload, double scale, int repeat);

// Wall-clock seconds of f().
double seconds(const std::function<void()> &f);

} // namespace quire::bench
