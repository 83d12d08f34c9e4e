// tst_quirectl_photos: importing photos, duplicates, and looking after
// damaged albums (check --all, repair) as a script sees them: exit codes,
// --json, and errors naming the album and the cause.

#include "photo_files.h"
#include "quirectl_runner.h"
#include "testsupport.h"
#include "video_files.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using quire::test::PhotoSpec;
using quire::test::rawQuery;
using quire::test::writePhoto;

class tst_QuirectlPhotos : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void importShowsMetadataAndTags();
    void videoIsListedAsAVideo();
    void sidecarFieldsAreListed();
    void sidecarWriteBackIsTurnedOnAndWritten();
    void rescanFollowsChangesRemovalsAndRenames();
    void duplicatesWithinAndAcrossAlbums();
    void checkAllNamesTheDamagedAlbum();
    void repairSalvagesAndKeepsTheOriginal();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    QuirectlRun quirectl(const QStringList &arguments) const
    {
        return runQuirectl(QStringList{QStringLiteral("--workspace"), path(QStringLiteral("ws"))} + arguments,
                           QProcessEnvironment::systemEnvironment(), m_dir->path());
    }
    // An album of `count` distinct photos named IMG_<i>.jpg, imported.
    void makeAlbum(const QString &folder, int count, QString *uuid);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_QuirectlPhotos::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_QuirectlPhotos::makeAlbum(const QString &folder, int count, QString *uuid)
{
    for (int i = 0; i < count; ++i) {
        PhotoSpec spec;
        spec.width = 40 + i; // distinct pixels, so distinct content
        spec.dateTimeOriginal = QStringLiteral("2023:05:%1 12:00:00").arg(1 + i % 28, 2, 10, QLatin1Char('0'));
        QVERIFY(writePhoto(QDir(folder).filePath(QStringLiteral("IMG_%1.jpg").arg(i)), spec));
    }
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("create"), folder});
    QVERIFY_EXIT(run, 0);
    *uuid = run.json()[QLatin1String("uuid")].toString();
    run = quirectl({QStringLiteral("--json"), QStringLiteral("import"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("added")].toInt(), count);
}

void tst_QuirectlPhotos::importShowsMetadataAndTags()
{
    const QString folder = path(QStringLiteral("Paris"));
    PhotoSpec spec;
    spec.width = 300;
    spec.height = 200;
    spec.dateTimeOriginal = QStringLiteral("2024:07:14 10:30:00");
    spec.offsetTimeOriginal = QStringLiteral("+02:00");
    spec.make = QStringLiteral("Canon");
    spec.model = QStringLiteral("EOS R6");
    spec.lens = QStringLiteral("RF50mm F1.8 STM");
    spec.exposureTime = QStringLiteral("1/250");
    spec.fNumber = QStringLiteral("18/10");
    spec.iso = 400;
    spec.focalLength = QStringLiteral("50/1");
    spec.latitude = 48.8584;
    spec.longitude = 2.2945;
    spec.hierarchical = {QStringLiteral("Places/France/Paris")};
    spec.rating = 4;
    QVERIFY(writePhoto(folder + QStringLiteral("/tower.jpg"), spec));
    QVERIFY(quire::test::writeFile(folder + QStringLiteral("/half.jpg"),
                                   [&] { QFile f(folder + QStringLiteral("/tower.jpg")); f.open(QIODevice::ReadOnly);
                                         return f.readAll().left(int(f.size() / 2)); }()));
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("create"), folder});
    QVERIFY_EXIT(run, 0);

    run = quirectl({QStringLiteral("--json"), QStringLiteral("import"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("added")].toInt(), 1);
    QCOMPARE(run.json()[QLatin1String("failed")].toInt(), 1);
    const QJsonObject problem = run.json()[QLatin1String("problems")].toArray().at(0).toObject();
    QCOMPARE(problem[QLatin1String("path")].toString(), QStringLiteral("half.jpg"));
    QVERIFY2(problem[QLatin1String("reason")].toString().contains(QLatin1String("cut short")),
             qPrintable(problem[QLatin1String("reason")].toString()));
    QVERIFY(run.err.isEmpty()); // no progress when stderr is not a terminal

    run = quirectl({QStringLiteral("--json"), QStringLiteral("pictures"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json().array().size(), 1);
    const QJsonObject p = run.json().array().at(0).toObject();
    QCOMPARE(p[QLatin1String("taken_at")].toString(), QStringLiteral("2024-07-14T08:30:00.000Z"));
    QCOMPARE(p[QLatin1String("utc_offset_minutes")].toInt(), 120);
    QCOMPARE(p[QLatin1String("taken_at_guessed")].toBool(), false);
    QCOMPARE(p[QLatin1String("camera_make")].toString(), QStringLiteral("Canon"));
    QCOMPARE(p[QLatin1String("camera_model")].toString(), QStringLiteral("EOS R6"));
    QCOMPARE(p[QLatin1String("lens")].toString(), QStringLiteral("RF50mm F1.8 STM"));
    QCOMPARE(p[QLatin1String("exposure_time")].toDouble(), 0.004);
    QCOMPARE(p[QLatin1String("f_number")].toDouble(), 1.8);
    QCOMPARE(p[QLatin1String("iso")].toInt(), 400);
    QCOMPARE(p[QLatin1String("focal_length")].toDouble(), 50.0);
    QVERIFY(qAbs(p[QLatin1String("gps")][QLatin1String("latitude")].toDouble() - 48.8584) < 1e-4);
    QVERIFY(qAbs(p[QLatin1String("gps")][QLatin1String("longitude")].toDouble() - 2.2945) < 1e-4);
    QCOMPARE(p[QLatin1String("rating")].toInt(), 4);
    QCOMPARE(p[QLatin1String("width")].toInt(), 300);
    QCOMPARE(p[QLatin1String("tags")].toArray(), QJsonArray{QStringLiteral("Places/France/Paris")});
    QCOMPARE(p[QLatin1String("content_hash")].toString().size(), 40);
}

void tst_QuirectlPhotos::videoIsListedAsAVideo()
{
    if (quire::test::ffmpegPath().isEmpty())
        QSKIP("ffmpeg is not installed (Debian's ffmpeg package; scripts/setup.sh installs it)");
    const QString folder = path(QStringLiteral("Clips"));
    quire::test::VideoSpec spec;
    spec.audio = true;
    spec.metadata = {QStringLiteral("creation_time=2024-07-14T08:30:00Z")};
    QDir().mkpath(folder);
    const QString made = quire::test::makeVideo(folder + QStringLiteral("/VID_0001.mp4"), spec);
    QVERIFY2(made.isEmpty(), qPrintable(made));
    QVERIFY(quire::test::writeFile(folder + QStringLiteral("/fake.mov"), "not a movie at all"));
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("create"), folder});
    QVERIFY_EXIT(run, 0);
    run = quirectl({QStringLiteral("--json"), QStringLiteral("import"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("added")].toInt(), 1);
    const QJsonObject problem = run.json()[QLatin1String("problems")].toArray().at(0).toObject();
    QCOMPARE(problem[QLatin1String("path")].toString(), QStringLiteral("fake.mov"));
    QVERIFY2(problem[QLatin1String("reason")].toString().contains(QLatin1String("not a video")),
             qPrintable(problem[QLatin1String("reason")].toString()));

    run = quirectl({QStringLiteral("--json"), QStringLiteral("pictures"), folder});
    QVERIFY_EXIT(run, 0);
    const QJsonObject p = run.json().array().at(0).toObject();
    QCOMPARE(p[QLatin1String("kind")].toString(), QStringLiteral("video"));
    QVERIFY(qAbs(p[QLatin1String("duration_ms")].toInteger() - 2000) <= 100);
    QVERIFY(qAbs(p[QLatin1String("frame_rate")].toDouble() - 30) < 0.5);
    QCOMPARE(p[QLatin1String("video_codec")].toString(), QStringLiteral("h264"));
    QCOMPARE(p[QLatin1String("audio_codec")].toString(), QStringLiteral("aac"));
    QCOMPARE(p[QLatin1String("width")].toInt(), 320);
    QCOMPARE(p[QLatin1String("taken_at")].toString(), QStringLiteral("2024-07-14T08:30:00.000Z"));
}

// A picture whose darktable sidecar (written by exiftool) gives it a title,
// a label and a reject: pictures --json says so, and names the sidecar.
void tst_QuirectlPhotos::sidecarFieldsAreListed()
{
    const QString folder = path(QStringLiteral("Darktable"));
    QVERIFY(writePhoto(folder + QStringLiteral("/IMG_7.jpg"), PhotoSpec{}));
    const QString made = quire::test::runTool(
        QStringLiteral("exiftool"), {QStringLiteral("-q"), QStringLiteral("-o"), folder + QStringLiteral("/IMG_7.jpg.xmp"),
                                     QStringLiteral("-XMP-dc:Title=Harbour at night"), QStringLiteral("-XMP-xmp:Label=Red"),
                                     QStringLiteral("-XMP-xmp:Rating=-1"), QStringLiteral("-XMP-dc:Subject=Boats")});
    QVERIFY2(made.isEmpty(), qPrintable(made));
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("create"), folder});
    QVERIFY_EXIT(run, 0);
    run = quirectl({QStringLiteral("--json"), QStringLiteral("import"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("added")].toInt(), 1);
    QCOMPARE(run.json()[QLatin1String("sidecars")].toInt(), 1);

    run = quirectl({QStringLiteral("--json"), QStringLiteral("pictures"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json().array().size(), 1);
    const QJsonObject p = run.json().array().at(0).toObject();
    QCOMPARE(p[QLatin1String("title")].toString(), QStringLiteral("Harbour at night"));
    QVERIFY(p[QLatin1String("description")].isNull());
    QCOMPARE(p[QLatin1String("label")].toString(), QStringLiteral("red"));
    QCOMPARE(p[QLatin1String("pick")].toString(), QStringLiteral("rejected"));
    QCOMPARE(p[QLatin1String("rating")].toInt(), 0);
    QCOMPARE(p[QLatin1String("sidecar")].toString(), QStringLiteral("IMG_7.jpg.xmp"));
    QCOMPARE(p[QLatin1String("tags")].toArray(), QJsonArray{QStringLiteral("Boats")});
}

// sidecars --write-back on: set and tag then write IMG.jpg.xmp, which the
// real exiftool reads; off (the default) they write nothing. A sidecar
// that cannot be written fails the command, naming it, and the edit stays.
void tst_QuirectlPhotos::sidecarWriteBackIsTurnedOnAndWritten()
{
    const QString folder = path(QStringLiteral("WriteBack"));
    QString uuid;
    SETUP(makeAlbum(folder, 2, &uuid));
    const QString sidecar = folder + QStringLiteral("/IMG_0.jpg.xmp");
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("sidecars"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("write_back")].toBool(), false);
    run = quirectl({QStringLiteral("set"), folder, QStringLiteral("IMG_0.jpg"), QStringLiteral("--rating"), QStringLiteral("2")});
    QVERIFY_EXIT(run, 0);
    QVERIFY(!QFile::exists(sidecar));

    run = quirectl({QStringLiteral("--json"), QStringLiteral("sidecars"), folder, QStringLiteral("--write-back"),
                    QStringLiteral("sideways")});
    QVERIFY_EXIT(run, 2);
    run = quirectl({QStringLiteral("--json"), QStringLiteral("sidecars"), folder, QStringLiteral("--write-back"),
                    QStringLiteral("on")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("write_back")].toBool(), true);
    run = quirectl({QStringLiteral("--json"), QStringLiteral("sidecars"), uuid});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("write_back")].toBool(), true);

    run = quirectl({QStringLiteral("set"), folder, QStringLiteral("IMG_0.jpg"), QStringLiteral("--rating"), QStringLiteral("4"),
                    QStringLiteral("--label"), QStringLiteral("blue"), QStringLiteral("--title"), QStringLiteral("Quay")});
    QVERIFY_EXIT(run, 0);
    run = quirectl({QStringLiteral("tag"), folder, QStringLiteral("IMG_0.jpg"), QStringLiteral("Places/Harbour")});
    QVERIFY_EXIT(run, 0);
    QProcess exiftool;
    exiftool.start(QStringLiteral("exiftool"), {QStringLiteral("-s3"), QStringLiteral("-XMP-xmp:Rating"),
                                                QStringLiteral("-XMP-xmp:Label"), QStringLiteral("-XMP-dc:Title"),
                                                QStringLiteral("-XMP-lr:HierarchicalSubject"), sidecar});
    QVERIFY(exiftool.waitForFinished(60000));
    QCOMPARE(QString::fromUtf8(exiftool.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts),
             (QStringList{"4", "Blue", "Quay", "Places|Harbour"}));

    // A sidecar that is not XMP: the command fails naming it; the rating is set.
    const QString garbage = folder + QStringLiteral("/IMG_1.jpg.xmp");
    {
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not xmp at all\n");
    }
    run = quirectl({QStringLiteral("--json"), QStringLiteral("set"), folder, QStringLiteral("IMG_1.jpg"),
                    QStringLiteral("--rating"), QStringLiteral("5")});
    QVERIFY_EXIT(run, 1);
    QVERIFY2(run.error().contains(QStringLiteral("IMG_1.jpg.xmp")) && run.error().contains(QStringLiteral("The change is saved")),
             run.describe().constData());
    run = quirectl({QStringLiteral("--json"), QStringLiteral("pictures"), folder});
    QVERIFY_EXIT(run, 0);
    for (const QJsonValue &p : run.json().array()) {
        if (p[QLatin1String("path")].toString() == QLatin1String("IMG_1.jpg"))
            QCOMPARE(p[QLatin1String("rating")].toInt(), 5);
    }

    run = quirectl({QStringLiteral("--json"), QStringLiteral("sidecars"), folder, QStringLiteral("--write-back"),
                    QStringLiteral("off")});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json()[QLatin1String("write_back")].toBool(), false);
}

void tst_QuirectlPhotos::rescanFollowsChangesRemovalsAndRenames()
{
    const QString folder = path(QStringLiteral("Roll"));
    QString uuid;
    SETUP(makeAlbum(folder, 4, &uuid));
    QVERIFY_EXIT(quirectl({QStringLiteral("tag"), folder, QStringLiteral("IMG_1.jpg"), QStringLiteral("Keep")}), 0);

    // Moved into a subfolder under a new name, one removed, one rewritten, one new.
    QVERIFY(QDir().mkpath(folder + QStringLiteral("/sorted")));
    QVERIFY(QFile::rename(folder + QStringLiteral("/IMG_1.jpg"), folder + QStringLiteral("/sorted/best.jpg")));
    QVERIFY(QFile::remove(folder + QStringLiteral("/IMG_2.jpg")));
    PhotoSpec changed;
    changed.width = 90;
    changed.make = QStringLiteral("Fujifilm");
    QVERIFY(writePhoto(folder + QStringLiteral("/IMG_3.jpg"), changed));
    QVERIFY(writePhoto(folder + QStringLiteral("/new.jpg"), PhotoSpec{}));

    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("import"), folder, QStringLiteral("--rescan")});
    QVERIFY_EXIT(run, 0);
    const QJsonObject report = run.json().object();
    QCOMPARE(report[QLatin1String("added")].toInt(), 1);
    QCOMPARE(report[QLatin1String("relinked")].toInt(), 1);
    QCOMPARE(report[QLatin1String("updated")].toInt(), 1);
    QCOMPARE(report[QLatin1String("missing")].toInt(), 1);
    QCOMPARE(report[QLatin1String("unchanged")].toInt(), 1);

    run = quirectl({QStringLiteral("--json"), QStringLiteral("pictures"), folder});
    QVERIFY_EXIT(run, 0);
    QHash<QString, QJsonObject> byPath;
    for (const QJsonValue &v : run.json().array())
        byPath.insert(v[QLatin1String("path")].toString(), v.toObject());
    QCOMPARE(byPath.size(), 5);
    QCOMPARE(byPath[QStringLiteral("sorted/best.jpg")][QLatin1String("tags")].toArray(), QJsonArray{QStringLiteral("Keep")});
    QCOMPARE(byPath[QStringLiteral("IMG_2.jpg")][QLatin1String("state")].toString(), QStringLiteral("missing"));
    QCOMPARE(byPath[QStringLiteral("IMG_3.jpg")][QLatin1String("camera_make")].toString(), QStringLiteral("Fujifilm"));
    QCOMPARE(byPath[QStringLiteral("IMG_3.jpg")][QLatin1String("width")].toInt(), 90);
    QVERIFY(byPath.contains(QStringLiteral("new.jpg")));
}

void tst_QuirectlPhotos::duplicatesWithinAndAcrossAlbums()
{
    QString first;
    SETUP(makeAlbum(path(QStringLiteral("A")), 2, &first));
    QVERIFY(QFile::copy(path(QStringLiteral("A/IMG_0.jpg")), path(QStringLiteral("A/again.jpg"))));
    QVERIFY(QDir().mkpath(path(QStringLiteral("B"))));
    QVERIFY(QFile::copy(path(QStringLiteral("A/IMG_1.jpg")), path(QStringLiteral("B/IMG_1.jpg"))));
    QVERIFY_EXIT(quirectl({QStringLiteral("import"), path(QStringLiteral("A"))}), 0);
    QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("create"), path(QStringLiteral("B"))});
    QVERIFY_EXIT(run, 0);
    const QString second = run.json()[QLatin1String("uuid")].toString();
    QVERIFY_EXIT(quirectl({QStringLiteral("import"), path(QStringLiteral("B"))}), 0);

    run = quirectl({QStringLiteral("--json"), QStringLiteral("duplicates")});
    QVERIFY_EXIT(run, 0);
    const QJsonArray groups = run.json().array();
    QCOMPARE(groups.size(), 2);
    QStringList seen;
    for (const QJsonValue &g : groups) {
        QStringList members;
        for (const QJsonValue &m : g[QLatin1String("pictures")].toArray())
            members.append(m[QLatin1String("album_name")].toString() + QLatin1Char(':') + m[QLatin1String("path")].toString());
        seen.append(members.join(u' '));
    }
    seen.sort();
    QCOMPARE(seen, (QStringList{QStringLiteral("A:IMG_0.jpg A:again.jpg"), QStringLiteral("A:IMG_1.jpg B:IMG_1.jpg")}));

    // Restricted to album B, nothing repeats.
    run = quirectl({QStringLiteral("duplicates"), QStringLiteral("--album"), second});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.output(), QStringLiteral("no duplicates\n"));
}

void tst_QuirectlPhotos::checkAllNamesTheDamagedAlbum()
{
    QString good, bad;
    SETUP(makeAlbum(path(QStringLiteral("Good")), 2, &good));
    SETUP(makeAlbum(path(QStringLiteral("Bad")), 2, &bad));
    QVERIFY_EXIT(quirectl({QStringLiteral("check"), QStringLiteral("--all")}), 0);
    // Garbage over the middle of the database file.
    {
        QFile db(path(QStringLiteral("Bad/.quire/album.db")));
        QVERIFY(db.open(QIODevice::ReadWrite));
        QVERIFY(db.size() > 8192);
        db.seek(4096);
        QVERIFY(db.write(QByteArray(db.size() - 4096, '\xA5')) > 0);
    }
    const QuirectlRun run = quirectl({QStringLiteral("--json"), QStringLiteral("check"), QStringLiteral("--all")});
    QVERIFY_EXIT(run, 1);
    QHash<QString, QJsonObject> byUuid;
    for (const QJsonValue &v : run.json().array())
        byUuid.insert(v[QLatin1String("uuid")].toString(), v.toObject());
    QCOMPARE(byUuid.size(), 2);
    QCOMPARE(byUuid[good][QLatin1String("ok")].toBool(), true);
    QCOMPARE(byUuid[bad][QLatin1String("ok")].toBool(), false);
    QCOMPARE(byUuid[bad][QLatin1String("state")].toString(), QStringLiteral("damaged"));
    QVERIFY(!byUuid[bad][QLatin1String("problems")].toArray().isEmpty());
    // The failing album is named on stderr.
    QVERIFY2(run.error().contains(QFileInfo(path(QStringLiteral("Bad"))).canonicalFilePath()), run.describe().constData());
    // The good album still reads.
    QVERIFY_EXIT(quirectl({QStringLiteral("pictures"), good}), 0);
}

void tst_QuirectlPhotos::repairSalvagesAndKeepsTheOriginal()
{
    const QString folder = path(QStringLiteral("Bad"));
    QString uuid;
    SETUP(makeAlbum(folder, 3, &uuid));
    const QString db = folder + QStringLiteral("/.quire/album.db");
    // A page of the pictures table overwritten: find its root page.
    const int root = rawQuery(db, QStringLiteral("SELECT rootpage FROM sqlite_schema WHERE name = 'thumbnails'")).toInt();
    QVERIFY(root > 1);
    QByteArray damaged;
    {
        QFile f(db);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const int pageSize = rawQuery(db, QStringLiteral("PRAGMA page_size")).toInt();
        QVERIFY(f.seek(qint64(root - 1) * pageSize));
        QVERIFY(f.write(QByteArray(pageSize, '\x5A')) == pageSize);
        f.close();
        QVERIFY(f.open(QIODevice::ReadOnly));
        damaged = f.readAll();
    }
    QuirectlRun run = quirectl({QStringLiteral("check"), folder});
    QVERIFY_EXIT(run, 1);

    run = quirectl({QStringLiteral("--json"), QStringLiteral("repair"), folder});
    QVERIFY_EXIT(run, 0);
    const QJsonObject report = run.json().object();
    QCOMPARE(report[QLatin1String("uuid")].toString(), uuid);
    const QString kept = report[QLatin1String("original_kept_in")].toString();
    QVERIFY2(!kept.isEmpty(), run.describe().constData());
    QVERIFY(report[QLatin1String("salvaged")].toInt() >= 3);
    // The original is kept aside byte for byte.
    {
        const QString keptDb = QFileInfo(kept).isDir() ? QDir(kept).filePath(QStringLiteral("album.db")) : kept;
        QFile f(keptDb);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(keptDb));
        QCOMPARE(f.readAll(), damaged);
    }
    // The repaired album checks out and keeps its pictures.
    QVERIFY_EXIT(quirectl({QStringLiteral("check"), folder}), 0);
    run = quirectl({QStringLiteral("--json"), QStringLiteral("pictures"), folder});
    QVERIFY_EXIT(run, 0);
    QCOMPARE(run.json().array().size(), 3);
    QCOMPARE(rawQuery(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(tst_QuirectlPhotos)
#include "tst_quirectl_photos.moc"
