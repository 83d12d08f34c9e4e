#include "quire/ui/actionrunner.h"

#include "quire/ui/background.h"

#include <QProgressDialog>
#include <QTimer>

#include <limits>

namespace quire::ui {

void JobControl::setProgress(qint64 done, qint64 total, const QString &text)
{
    std::lock_guard lock(m_mutex);
    m_done = done;
    m_total = total;
    if (!text.isNull())
        m_text = text;
}

void JobControl::progress(qint64 *done, qint64 *total, QString *text) const
{
    std::lock_guard lock(m_mutex);
    *done = m_done;
    *total = m_total;
    *text = m_text;
}

ActionRunner::ActionRunner(QWidget *dialogParent, QObject *parent)
    : QObject(parent), m_dialogParent(dialogParent),
      // Long actions each take a thread; two at once is plenty on most disks.
      m_background(new Background(2, this)), m_timer(new QTimer(this))
{
    m_timer->setInterval(100);
    connect(m_timer, &QTimer::timeout, this, &ActionRunner::updateDialogs);
}

ActionRunner::~ActionRunner()
{
    cancelAll();
    m_background->waitForDone();
}

bool ActionRunner::isAlbumBusy(const QUuid &album) const
{
    for (const Running &job : m_jobs) {
        if (job.albums.contains(album))
            return true;
    }
    return false;
}

QProgressDialog *ActionRunner::currentDialog() const
{
    quint64 newest = 0;
    for (auto it = m_jobs.cbegin(); it != m_jobs.cend(); ++it)
        newest = qMax(newest, it.key());
    return newest ? m_jobs.value(newest).dialog.data() : nullptr;
}

void ActionRunner::cancelAll()
{
    for (const Running &job : std::as_const(m_jobs))
        job.control->cancel();
}

void ActionRunner::waitForDone()
{
    m_background->waitForDone();
}

void ActionRunner::start(const QString &title, const QList<QUuid> &albums, Job job, Cancel cancel)
{
    const quint64 id = m_nextId++;
    Running running{title, albums, std::make_shared<JobControl>(), nullptr};

    auto *dialog = new QProgressDialog(title, tr("Cancel"), 0, 0, m_dialogParent);
    dialog->setObjectName(QStringLiteral("progressDialog"));
    if (cancel == Cancel::NotPossible)
        dialog->setCancelButton(nullptr);
    dialog->setWindowTitle(title);
    dialog->setWindowModality(Qt::NonModal); // the window stays usable
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    // The dialog's own timer would show it; ours decides.
    dialog->setMinimumDuration(std::numeric_limits<int>::max());
    std::shared_ptr<JobControl> control = running.control;
    connect(dialog, &QProgressDialog::canceled, this, [control, dialog] {
        control->cancel();
        dialog->setLabelText(dialog->labelText() + tr("\nCancelling..."));
    });
    QPointer<QProgressDialog> guard(dialog);
    QTimer::singleShot(DialogDelayMs, dialog, [this, id, guard] {
        if (guard && m_jobs.contains(id))
            guard->show();
    });
    running.dialog = dialog;

    m_jobs.insert(id, running);
    for (const QUuid &album : albums)
        Q_EMIT albumBusyChanged(album, true);
    if (!m_timer->isActive())
        m_timer->start();
    Q_EMIT started(title);

    m_background->run(
        this, [job = std::move(job), control] { return job(*control); },
        [this, id](Continuation continuation) { done(id, continuation); });
}

void ActionRunner::done(quint64 id, const Continuation &continuation)
{
    const Running job = m_jobs.take(id);
    if (job.dialog) {
        job.dialog->hide();
        job.dialog->deleteLater();
    }
    if (m_jobs.isEmpty())
        m_timer->stop();
    if (continuation)
        continuation();
    for (const QUuid &album : job.albums) {
        if (!isAlbumBusy(album))
            Q_EMIT albumBusyChanged(album, false);
    }
    Q_EMIT finished(job.title);
}

void ActionRunner::updateDialogs()
{
    for (const Running &job : std::as_const(m_jobs)) {
        if (!job.dialog || job.control->isCancelled())
            continue;
        qint64 done = 0, total = 0;
        QString text;
        job.control->progress(&done, &total, &text);
        // QProgressBar takes ints: scale large totals (bytes) down.
        int shift = 0;
        while ((total >> shift) > std::numeric_limits<int>::max() / 2)
            ++shift;
        job.dialog->setMaximum(int(total >> shift));
        job.dialog->setValue(int(qMin(done, total) >> shift));
        const QString label = text.isEmpty() ? job.title : job.title + QLatin1Char('\n') + text;
        if (job.dialog->labelText() != label)
            job.dialog->setLabelText(label);
    }
}

} // namespace quire::ui
