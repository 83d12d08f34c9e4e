// The other process of tst_two_processes (and of the refusals in
// tst_folder_copy and tst_folder_move): holds a tenant, or a lock file, the
// way another program would, until its stdin closes or it is killed; or
// writes one row to a tenant, as another program would.
//   holder_child [--format NAME] hold FOLDER          an open tenant with a read session
//   holder_child [--format NAME] hold-writing FOLDER  ... inside an unfinished write transaction
//   holder_child flock FILE                           flock(LOCK_EX) on FILE (Quire's lock files)
//   holder_child write-lock DATABASE                  an SQLite database inside BEGIN IMMEDIATE
//                                 (another writer, e.g. of the workspace catalog)
//   holder_child [--format NAME] add WORKSPACE FOLDER LABEL
//                                 opens FOLDER through a registry on WORKSPACE and adds one row
//                                 labelled LABEL (FormatUnderTest::addRow); the error on stderr
// NAME is a format of formats_under_test.h, "album" when not given. The
// holding verbs print "ready" once they hold. Exit 0 when stdin closes (or
// the row is added), 1 when it could not take what it was asked to, 2 on
// bad arguments.

#include "formats_under_test.h"

#include <quire/quire.h>

#include <QCoreApplication>
#include <QFile>

#include <sqlite3.h>

#include <cstdio>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace {

int holdUntilStdinCloses()
{
    std::printf("ready\n");
    std::fflush(stdout);
    char line[64];
    while (std::fgets(line, sizeof line, stdin)) {
    }
    return 0;
}

int failed(const quire::Error &error)
{
    std::fprintf(stderr, "%s\n", qPrintable(error.toString()));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments();
    const quire::test::FormatUnderTest &format = quire::test::takeFormatArgument(args);
    if (args.size() < 3)
        return 2;
    const QString verb = args.at(1);
    if (verb == QLatin1String("flock") && args.size() == 3) {
        const int fd = ::open(QFile::encodeName(args.at(2)).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0 || ::flock(fd, LOCK_EX) != 0)
            return 1;
        return holdUntilStdinCloses();
    }
    if (verb == QLatin1String("write-lock") && args.size() == 3) {
        sqlite3 *db = nullptr;
        const QByteArray path = QFile::encodeName(args.at(2));
        if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK
            || sqlite3_busy_timeout(db, 5000) != SQLITE_OK
            || sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
            std::fprintf(stderr, "%s\n", sqlite3_errmsg(db));
            sqlite3_close(db);
            return 1;
        }
        const int status = holdUntilStdinCloses();
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        return status;
    }
    if (verb == QLatin1String("add") && args.size() == 5) {
        std::unique_ptr<quire::Registry> registry = format.registry(args.at(2));
        quire::Result<quire::Tenant> tenant = registry->open(args.at(3));
        if (!tenant)
            return failed(tenant.error());
        quire::Result<quire::Session> session = tenant->write();
        if (!session)
            return failed(session.error());
        if (quire::Result<void> added = format.addRow(*session, args.at(4)); !added)
            return failed(added.error());
        return 0;
    }
    if ((verb != QLatin1String("hold") && verb != QLatin1String("hold-writing")) || args.size() != 3)
        return 2;
    quire::TenantOptions options;
    options.format = format.format;
    quire::Result<quire::Tenant> tenant = quire::Tenant::open(args.at(2), options);
    if (!tenant)
        return failed(tenant.error());
    if (verb == QLatin1String("hold")) {
        quire::Result<quire::Session> session = tenant->read();
        if (!session)
            return failed(session.error());
        return holdUntilStdinCloses();
    }
    quire::Result<quire::Session> session = tenant->write();
    if (!session)
        return failed(session.error());
    quire::Result<quire::Transaction> transaction = session->transaction();
    if (!transaction)
        return failed(transaction.error());
    if (quire::Result<void> added = format.addRow(*session, QStringLiteral("never-committed")); !added)
        return failed(added.error());
    return holdUntilStdinCloses();
}
