#pragma once
// SearchPanel: the across-albums search. Its field (which the window puts
// in the tool bar) takes words and filters:
//   beach tag:Places/Beach tag:People/Ann rating:3 album:Holiday label:red pick:picked
// (text matches the path, camera make or model; every tag must be carried;
// rating is a minimum; album: limits to albums whose name contains it;
// label: is one of red, yellow, green, blue, purple or none; pick: is
// picked, rejected or none).
// The field searches as a person types: a pause of TypingPause after the
// last keystroke starts the search (Enter starts it at once). The search
// runs on the core's Search off the GUI thread, answered from the workspace
// index when the workspace has one (MainWindow::keepWorkspaceIndex), else
// in parallel over the albums; its hits fill a grid naming each picture's
// album.

#include <quire/search.h>

#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QThreadPool;
class QTimer;

namespace quire {
class Registry;
}

namespace quire::ui {

class PictureGridModel;
class PictureGridView;
class ThumbnailLoader;

class SearchPanel : public QWidget
{
    Q_OBJECT
public:
    SearchPanel(Registry &registry, ThumbnailLoader *thumbnails, QWidget *parent = nullptr);
    ~SearchPanel() override;

    static constexpr int TypingPause = 250; // ms

    QLineEdit *field() const { return m_field; }
    PictureGridView *resultsView() const { return m_view; }
    PictureGridModel *results() const { return m_model; }
    bool isRunning() const { return m_search && !m_search->isFinished(); }
    QString summary() const;

    // The query the text asks for; albumWords are the album: filters;
    // problems says what in the text names nothing (label:pink), and a
    // search with problems is not run.
    static SearchQuery parse(const QString &text, QStringList *albumWords = nullptr, QStringList *problems = nullptr);
    // The filter bar's minimum rating, label and pick narrow every search
    // after this one, where the typed text does not name its own.
    void setNarrowing(const PictureFilter &filter) { m_narrowing = filter; }

public Q_SLOTS:
    // Starts a search for text (a running one is cancelled first).
    void run(const QString &text);
    void cancel();

Q_SIGNALS:
    void started();
    void finished(const quire::SearchResult &result);
    void backRequested();

private:
    void searchFinished(Search *search, const SearchResult &result);

    Registry &m_registry;
    PictureFilter m_narrowing;
    QLineEdit *m_field = nullptr;
    QLabel *m_summary = nullptr;
    PictureGridModel *m_model = nullptr;
    PictureGridView *m_view = nullptr;
    Search *m_search = nullptr;
    QTimer *m_typing = nullptr; // the pause after a keystroke
    std::unique_ptr<QThreadPool> m_pool;
};

} // namespace quire::ui
