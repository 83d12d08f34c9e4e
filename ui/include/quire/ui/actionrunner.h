#pragma once
// ActionRunner: runs the window's long actions (copy, move, import, scan,
// ...) on worker threads, never on the GUI thread, each with a progress
// dialog and a Cancel button.
//
// A job runs on the runner's pool and returns a continuation, which runs
// back on the GUI thread (a queued call) to show the outcome. The job
// reports progress through its JobControl from its own thread; the dialog
// reads it with a timer, so a job can report as often as it likes. The
// dialog appears only when a job lasts longer than a moment. Cancel sets
// the job's flag, which core calls take as ImportOptions::cancel and the
// like.
//
// While a job runs, the albums it names are busy (albumBusyChanged()).
// Destroying the runner cancels the jobs and waits for them.

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUuid>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

class QProgressDialog;
class QTimer;
class QWidget;

namespace quire::ui {

class Background;

class JobControl
{
public:
    bool isCancelled() const { return m_cancel.load(); }
    const std::atomic<bool> *cancelFlag() const { return &m_cancel; }
    void cancel() { m_cancel.store(true); }
    // Thread-safe; total 0 means "not known yet" (a busy indicator).
    void setProgress(qint64 done, qint64 total, const QString &text = {});
    void progress(qint64 *done, qint64 *total, QString *text) const;

private:
    std::atomic<bool> m_cancel{false};
    mutable std::mutex m_mutex;
    qint64 m_done = 0, m_total = 0;
    QString m_text;
};

class ActionRunner : public QObject
{
    Q_OBJECT
public:
    using Continuation = std::function<void()>;
    using Job = std::function<Continuation(JobControl &)>;

    // Dialogs are shown over dialogParent.
    explicit ActionRunner(QWidget *dialogParent, QObject *parent = nullptr);
    ~ActionRunner() override;

    enum class Cancel { Allowed, NotPossible };
    // Starts job; albums are busy until its continuation has run. A job
    // whose core call cannot stop half-way (a scan, a rename) has no
    // Cancel button.
    void start(const QString &title, const QList<QUuid> &albums, Job job, Cancel cancel = Cancel::Allowed);
    bool isBusy() const { return !m_jobs.isEmpty(); }
    bool isAlbumBusy(const QUuid &album) const;
    // The progress dialog of the newest job still running, or nullptr.
    QProgressDialog *currentDialog() const;
    void cancelAll();
    // Cancels nothing; waits for the running jobs (their continuations are dropped).
    void waitForDone();
    // How long a job runs before its dialog appears.
    static constexpr int DialogDelayMs = 400;

Q_SIGNALS:
    void started(const QString &title);
    void finished(const QString &title);
    void albumBusyChanged(const QUuid &album, bool busy);

private:
    struct Running {
        QString title;
        QList<QUuid> albums;
        std::shared_ptr<JobControl> control;
        QPointer<QProgressDialog> dialog;
    };
    void done(quint64 id, const Continuation &continuation);
    void updateDialogs();

    QWidget *m_dialogParent = nullptr;
    Background *m_background = nullptr;
    QTimer *m_timer = nullptr;
    QHash<quint64, Running> m_jobs;
    quint64 m_nextId = 1;
};

} // namespace quire::ui
