#include "quire/ui/searchpanel.h"

#include "quire/ui/picturegridmodel.h"
#include "quire/ui/picturegridview.h"
#include "wording.h"

#include <quire/album_registry.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QThreadPool>
#include <QTimer>
#include <QVBoxLayout>

namespace quire::ui {

SearchPanel::SearchPanel(Registry &registry, ThumbnailLoader *thumbnails, QWidget *parent)
    : QWidget(parent), m_registry(registry), m_pool(std::make_unique<QThreadPool>())
{
    m_pool->setMaxThreadCount(2);
    m_field = new QLineEdit;
    m_field->setObjectName(QStringLiteral("searchField"));
    m_field->setPlaceholderText(tr("Search all albums: words, tag:Places/Beach, rating:3, label:red, pick:picked"));
    m_field->setClearButtonEnabled(true);
    // As a person types: each pause in typing searches what is in the field
    // (a search still running is cancelled by the next one).
    m_typing = new QTimer(this);
    m_typing->setSingleShot(true);
    m_typing->setInterval(TypingPause);
    connect(m_field, &QLineEdit::textEdited, this, [this] { m_typing->start(); });
    connect(m_typing, &QTimer::timeout, this, [this] {
        if (!m_field->text().trimmed().isEmpty())
            run(m_field->text());
    });
    connect(m_field, &QLineEdit::returnPressed, this, [this] {
        m_typing->stop();
        run(m_field->text());
    });

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("searchSummary"));
    auto *back = new QPushButton(tr("Back to the album"));
    back->setObjectName(QStringLiteral("searchBackButton"));
    connect(back, &QPushButton::clicked, this, &SearchPanel::backRequested);

    m_model = new PictureGridModel(registry, thumbnails, this);
    m_view = new PictureGridView(thumbnails);
    m_view->setObjectName(QStringLiteral("searchResults"));
    m_view->setModel(m_model);

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(back);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
}

SearchPanel::~SearchPanel()
{
    // Searches cancel and wait for their albums as they are destroyed.
    const QList<Search *> searches = findChildren<Search *>();
    for (Search *search : searches)
        search->cancel();
    qDeleteAll(searches);
}

QString SearchPanel::summary() const
{
    return m_summary->text();
}

SearchQuery SearchPanel::parse(const QString &text, QStringList *albumWords, QStringList *problems)
{
    SearchQuery query;
    query.limit = 1000;
    QStringList words;
    static const QRegularExpression space(QStringLiteral("\\s+"));
    for (const QString &word : text.split(space, Qt::SkipEmptyParts)) {
        if (word.startsWith(QLatin1String("tag:"), Qt::CaseInsensitive) && word.size() > 4)
            query.allTags.append(word.mid(4));
        else if (word.startsWith(QLatin1String("rating:"), Qt::CaseInsensitive) && word.mid(7).toInt() > 0)
            query.minRating = qBound(1, word.mid(7).toInt(), 5);
        else if (word.startsWith(QLatin1String("album:"), Qt::CaseInsensitive) && word.size() > 6) {
            if (albumWords)
                albumWords->append(word.mid(6));
        } else if (word.startsWith(QLatin1String("label:"), Qt::CaseInsensitive)) {
            // A misspelt label is said, not searched for: a filter nothing
            // can pass would look like an album without such pictures.
            query.colourLabel = colourLabelNamed(word.mid(6));
            if (!query.colourLabel && problems)
                problems->append(tr("\"%1\" is not a colour label: use red, yellow, green, blue, purple or none.")
                                     .arg(word.mid(6)));
        } else if (word.startsWith(QLatin1String("pick:"), Qt::CaseInsensitive)) {
            query.pick = pickStateNamed(word.mid(5));
            if (!query.pick && problems)
                problems->append(
                    tr("\"%1\" is not a pick state: use picked, rejected or none.").arg(word.mid(5)));
        } else
            words.append(word);
    }
    // Every word required, each matched on its own (tags at every level,
    // album names, file names, camera, lens), not the whole line as one text.
    query.words = words;
    return query;
}

void SearchPanel::cancel()
{
    if (m_search)
        m_search->cancel();
}

void SearchPanel::run(const QString &text)
{
    if (m_field->text() != text)
        m_field->setText(text);
    if (m_search) {
        // Let the old search end on its own time; the window does not wait.
        Search *old = m_search;
        m_search = nullptr;
        old->disconnect(this);
        connect(old, &Search::finished, old, &QObject::deleteLater, Qt::QueuedConnection);
        old->cancel();
        if (old->isFinished())
            old->deleteLater();
    }
    QStringList albumWords;
    QStringList problems;
    SearchQuery query = parse(text, &albumWords, &problems);
    if (!query.minRating)
        query.minRating = m_narrowing.minRating;
    if (!query.colourLabel)
        query.colourLabel = m_narrowing.colourLabel;
    if (!query.pick)
        query.pick = m_narrowing.pick;
    if (!problems.isEmpty()) {
        m_model->showHits({});
        m_summary->setText(problems.join(QLatin1Char(' ')));
        SearchResult none;
        none.finished = true;
        Q_EMIT started();
        Q_EMIT finished(none);
        return;
    }
    if (!albumWords.isEmpty()) {
        // album: filters pick albums by name; none matching searches none.
        if (Result<QList<CatalogEntry>> catalog = m_registry.catalog()) {
            for (const CatalogEntry &entry : *catalog) {
                for (const QString &word : albumWords) {
                    if (entry.name.contains(word, Qt::CaseInsensitive)) {
                        query.albums.append(entry.uuid);
                        break;
                    }
                }
            }
        }
        if (query.albums.isEmpty()) {
            m_model->showHits({});
            m_summary->setText(tr("No album's name contains \"%1\".").arg(albumWords.join(QStringLiteral("\", \""))));
            SearchResult none;
            none.finished = true;
            Q_EMIT started();
            Q_EMIT finished(none);
            return;
        }
    }
    m_model->showHits({});
    m_summary->setText(tr("Searching..."));
    auto *search = new Search(m_registry, query, this);
    m_search = search;
    connect(search, &Search::finished, this,
            [this, search](const SearchResult &result) { searchFinished(search, result); }, Qt::QueuedConnection);
    Q_EMIT started();
    search->start(m_pool.get());
}

void SearchPanel::searchFinished(Search *search, const SearchResult &result)
{
    if (search != m_search)
        return;
    m_model->showHits(result.hits);
    QSet<QUuid> albums;
    for (const SearchHit &hit : result.hits)
        albums.insert(hit.albumUuid);
    QString text;
    if (result.hits.isEmpty())
        text = tr("No pictures found.");
    else if (result.hits.size() == 1)
        text = tr("1 picture found.");
    else if (albums.size() == 1)
        text = tr("%1 pictures found in 1 album.").arg(result.hits.size());
    else
        text = tr("%1 pictures found in %2 albums.").arg(result.hits.size()).arg(albums.size());
    if (result.cancelled)
        text += tr(" (cancelled)");
    if (!result.failedAlbums.isEmpty()) {
        QStringList names;
        for (const Error &error : result.failedAlbums)
            names.append(error.album());
        text += tr(" %1 could not be searched: %2.").arg(counted(names.size(), "album", "albums"), names.join(QStringLiteral(", ")));
    }
    m_summary->setText(text);
    Q_EMIT finished(result);
}

} // namespace quire::ui
