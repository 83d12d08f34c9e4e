// ActionRunner: jobs run on a worker thread, their continuations on the GUI
// thread; progress reaches a non-modal dialog with Cancel; the albums a job
// names are busy while it runs.

#include <quire/ui/actionrunner.h>

#include <QMainWindow>
#include <QProgressDialog>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using quire::ui::ActionRunner;
using quire::ui::JobControl;

class tst_ActionRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jobRunsOffTheGuiThreadAndContinuesOnIt();
    void progressShowsInADialogThatCancels();
    void jobThatCannotStopHasNoCancelButton();
    void albumsAreBusyUntilTheContinuationRan();
    void destroyingTheRunnerCancelsAndWaits();
};

void tst_ActionRunner::jobRunsOffTheGuiThreadAndContinuesOnIt()
{
    QMainWindow window;
    ActionRunner runner(&window);
    QSignalSpy finished(&runner, &ActionRunner::finished);
    QThread *jobThread = nullptr;
    QThread *continuationThread = nullptr;
    runner.start(QStringLiteral("Work"), {}, [&](JobControl &) -> ActionRunner::Continuation {
        jobThread = QThread::currentThread();
        return [&] { continuationThread = QThread::currentThread(); };
    });
    QVERIFY(runner.isBusy());
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("Work"));
    QVERIFY(jobThread && jobThread != QCoreApplication::instance()->thread());
    QCOMPARE(continuationThread, QCoreApplication::instance()->thread());
    QVERIFY(!runner.isBusy());
}

void tst_ActionRunner::progressShowsInADialogThatCancels()
{
    QMainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ActionRunner runner(&window);
    QSemaphore reported;
    bool sawCancel = false;
    runner.start(QStringLiteral("Copying"), {}, [&](JobControl &control) -> ActionRunner::Continuation {
        control.setProgress(3, 10, QStringLiteral("3 of 10 files"));
        reported.release();
        while (!control.isCancelled())
            QThread::msleep(5);
        sawCancel = true;
        return {};
    });
    QProgressDialog *dialog = runner.currentDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->windowModality(), Qt::NonModal);
    QVERIFY(reported.tryAcquire(1, 30000));
    // Shown once the job lasts a moment, with what the job last said.
    QTRY_VERIFY(dialog->isVisible());
    QTRY_COMPARE(dialog->value(), 3);
    QCOMPARE(dialog->maximum(), 10);
    QVERIFY2(dialog->labelText().contains(QStringLiteral("3 of 10 files")), qPrintable(dialog->labelText()));
    QTest::mouseClick(dialog->findChild<QPushButton *>(), Qt::LeftButton);
    QTRY_VERIFY(!runner.isBusy());
    QVERIFY(sawCancel);
}

void tst_ActionRunner::jobThatCannotStopHasNoCancelButton()
{
    QMainWindow window;
    ActionRunner runner(&window);
    QSemaphore release;
    runner.start(
        QStringLiteral("Scanning"), {},
        [&](JobControl &) -> ActionRunner::Continuation {
            release.tryAcquire(1, 30000);
            return {};
        },
        ActionRunner::Cancel::NotPossible);
    QProgressDialog *dialog = runner.currentDialog();
    QVERIFY(dialog);
    QVERIFY(!dialog->findChild<QPushButton *>());
    release.release();
    QTRY_VERIFY(!runner.isBusy());
}

void tst_ActionRunner::albumsAreBusyUntilTheContinuationRan()
{
    QMainWindow window;
    ActionRunner runner(&window);
    const QUuid a = QUuid::createUuid(), b = QUuid::createUuid();
    QSignalSpy busy(&runner, &ActionRunner::albumBusyChanged);
    bool busyInContinuation = false;
    runner.start(QStringLiteral("Move"), {a, b}, [&](JobControl &) -> ActionRunner::Continuation {
        return [&] { busyInContinuation = runner.isAlbumBusy(a); };
    });
    QCOMPARE(busy.count(), 2);
    QVERIFY(busy.at(0).at(1).toBool());
    QVERIFY(runner.isAlbumBusy(a) && runner.isAlbumBusy(b));
    QTRY_VERIFY(!runner.isBusy());
    QVERIFY(!busyInContinuation); // taken off before the continuation ran
    QCOMPARE(busy.count(), 4);
    QVERIFY(!busy.at(3).at(1).toBool());
    QVERIFY(!runner.isAlbumBusy(a));
}

void tst_ActionRunner::destroyingTheRunnerCancelsAndWaits()
{
    QMainWindow window;
    std::atomic<bool> ended{false};
    {
        ActionRunner runner(&window);
        runner.start(QStringLiteral("Long"), {}, [&](JobControl &control) -> ActionRunner::Continuation {
            while (!control.isCancelled())
                QThread::msleep(2);
            ended = true;
            return {};
        });
        QTest::qWait(20);
    }
    QVERIFY(ended.load());
}

QTEST_MAIN(tst_ActionRunner)
#include "tst_actionrunner.moc"
