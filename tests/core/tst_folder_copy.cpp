// Copying album folders: the file engine (copyFolderFiles) and the album
// operations on top of it (copy, rename, delete).

#include "testsupport.h"

#include "folders/folder_copy.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace quire;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

} // namespace

class TestFolderCopy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void filesSkipQuireAndKeepLinks();
    void filesCancelRemovesPartial();
    void filesRefuseNonEmptyAndInside();
};

void TestFolderCopy::filesSkipQuireAndKeepLinks()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    QVERIFY(test::writeImage(src + QStringLiteral("/a.jpg"), 64, 48));
    QVERIFY(test::writeImage(src + QStringLiteral("/sub/b.png"), 32, 32));
    QVERIFY(test::writeFile(src + QStringLiteral("/.quire/album.db"), "not copied"));
    QVERIFY(test::writeFile(tmp.filePath(QStringLiteral("outside.txt")), "outside"));
    QVERIFY(QFile::link(tmp.filePath(QStringLiteral("outside.txt")), src + QStringLiteral("/out.lnk")));
    QVERIFY(QFile::link(QStringLiteral("a.jpg"), src + QStringLiteral("/rel.lnk")));

    QList<detail::CopyProgress> seen;
    const QString dst = tmp.filePath(QStringLiteral("dst"));
    const Result<void> r = detail::copyFolderFiles(src, dst, [&](const detail::CopyProgress &p) {
        seen.append(p);
        return true;
    });
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QVERIFY(!QFileInfo::exists(dst + QStringLiteral("/.quire")));
    QCOMPARE(readAll(dst + QStringLiteral("/a.jpg")), readAll(src + QStringLiteral("/a.jpg")));
    QCOMPARE(readAll(dst + QStringLiteral("/sub/b.png")), readAll(src + QStringLiteral("/sub/b.png")));
    QVERIFY(QFileInfo(dst + QStringLiteral("/out.lnk")).isSymLink());
    QCOMPARE(QFileInfo(dst + QStringLiteral("/out.lnk")).symLinkTarget(), tmp.filePath(QStringLiteral("outside.txt")));
    QVERIFY(QFileInfo(dst + QStringLiteral("/rel.lnk")).isSymLink());
    QCOMPARE(QFile::symLinkTarget(dst + QStringLiteral("/rel.lnk")), dst + QStringLiteral("/a.jpg"));
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen.last().files, 2);
    QCOMPARE(seen.last().filesTotal, 2);
    QCOMPARE(seen.last().bytes, seen.last().bytesTotal);
}

void TestFolderCopy::filesCancelRemovesPartial()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    for (int i = 0; i < 5; ++i)
        QVERIFY(test::writeImage(src + QStringLiteral("/IMG_%1.jpg").arg(i), 20 + i, 20));
    const QString dst = tmp.filePath(QStringLiteral("dst"));
    const Result<void> r = detail::copyFolderFiles(src, dst, [](const detail::CopyProgress &p) {
        return p.files < 2;
    });
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code(), ErrorCode::Cancelled);
    QVERIFY(!QFileInfo::exists(dst));
    QCOMPARE(QDir(src).entryList(QDir::Files).size(), 5);
}

void TestFolderCopy::filesRefuseNonEmptyAndInside()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    QVERIFY(test::writeImage(src + QStringLiteral("/a.jpg"), 20, 20));
    QVERIFY(test::writeFile(tmp.filePath(QStringLiteral("full/x.txt")), "x"));
    Result<void> r = detail::copyFolderFiles(src, tmp.filePath(QStringLiteral("full")), {});
    QCOMPARE(r.error().code(), ErrorCode::AlreadyExists);
    QCOMPARE(readAll(tmp.filePath(QStringLiteral("full/x.txt"))), QByteArray("x"));
    r = detail::copyFolderFiles(src, src + QStringLiteral("/inner"), {});
    QCOMPARE(r.error().code(), ErrorCode::InvalidArgument);
    QVERIFY(!QFileInfo::exists(src + QStringLiteral("/inner")));
    QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("empty"))));
    r = detail::copyFolderFiles(src, tmp.filePath(QStringLiteral("empty")), {});
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QVERIFY(QFileInfo::exists(tmp.filePath(QStringLiteral("empty/a.jpg"))));
}

QTEST_GUILESS_MAIN(TestFolderCopy)
#include "tst_folder_copy.moc"
