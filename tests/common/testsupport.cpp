#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QMutex>
#include <QPainter>
#include <QProcess>

#include <sqlite3.h>

namespace quire::test {

QString runTool(const QString &program, const QStringList &arguments)
{
    const QString name = QFileInfo(program).fileName();
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return QStringLiteral("%1 did not finish: %2").arg(name, process.errorString());
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("%1 %2 failed (%3): %4")
            .arg(name, arguments.join(QLatin1Char(' ')))
            .arg(process.exitCode())
            .arg(QString::fromLocal8Bit(process.readAll()));
    return {};
}

bool writeImage(const QString &path, int width, int height)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor::fromHsv(int(qHash(path) % 360), 160, 220));
    QPainter painter(&image);
    painter.drawLine(0, 0, width - 1, height - 1);
    painter.end();
    return image.save(path);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(bytes) == bytes.size();
}

QString rawQuery(const QString &databasePath, const QString &sql)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(databasePath).constData(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        != SQLITE_OK) {
        const QString error = QStringLiteral("error: ") + QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_close(db);
        return error;
    }
    sqlite3_busy_timeout(db, 5000);
    QStringList rows;
    sqlite3_stmt *stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    const char *tail = utf8.constData();
    QString error;
    while (tail && *tail && error.isEmpty()) {
        if (sqlite3_prepare_v2(db, tail, -1, &stmt, &tail) != SQLITE_OK) {
            error = QStringLiteral("error: ") + QString::fromUtf8(sqlite3_errmsg(db));
            break;
        }
        if (!stmt)
            break;
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            rows.append(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0))));
        if (rc != SQLITE_DONE)
            error = QStringLiteral("error: ") + QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return error.isEmpty() ? rows.join(QLatin1Char('\n')) : error;
}

namespace {
QMutex catcherMutex;
QStringList caught;
QtMessageHandler previousHandler = nullptr;

void catchMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&catcherMutex);
        caught.append(message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}
} // namespace

MessageCatcher::MessageCatcher()
{
    QMutexLocker lock(&catcherMutex);
    caught.clear();
    previousHandler = qInstallMessageHandler(catchMessage);
}

MessageCatcher::~MessageCatcher()
{
    qInstallMessageHandler(previousHandler);
}

QStringList MessageCatcher::messages() const
{
    QMutexLocker lock(&catcherMutex);
    return caught;
}

} // namespace quire::test
