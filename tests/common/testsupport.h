#pragma once
// Helpers shared by the test suites: real folders, real files, raw SQLite
// for looking at what Quire wrote without going through Quire.

#include <quire/album.h>

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace quire::test {

// Writes a small real image (PNG or JPEG by the suffix) of the given size.
bool writeImage(const QString &path, int width, int height);

// Writes bytes to a file, making its folder.
bool writeFile(const QString &path, const QByteArray &bytes);

// Runs a tool the tests make their files with (heif-enc, ffmpeg) and waits
// for it; empty when it exits 0, else what it said. The 2-minute limit is
// a hang guard, not an assertion about speed.
QString runTool(const QString &program, const QStringList &arguments);

// Runs SQL on a database file through the sqlite3 C API directly (not
// Quire), returning the first column of each row joined with '\n', or
// "error: ..." when it fails.
QString rawQuery(const QString &databasePath, const QString &sql);

// Every message Qt logs while the guard lives (warnings included).
class MessageCatcher
{
public:
    MessageCatcher();
    ~MessageCatcher();
    QStringList messages() const;
};

} // namespace quire::test
