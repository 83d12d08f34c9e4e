#pragma once
// DetailPane: the selected picture, larger, with what its file says (EXIF)
// and what the album says about it: its tags (add with completion from the
// album's tags, remove) and its rating.
//
// Everything it reads or writes goes through a worker thread: the preview
// is decoded there, tags and rating are written there in a write session,
// and the pane updates when the answer comes back.

#include <quire/error.h>
#include <quire/picture.h>

#include <QImage>
#include <QStringList>
#include <QUuid>
#include <QWidget>

#include <functional>
#include <memory>

class QComboBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStringListModel;

namespace quire {
class Registry;
class Session;
}

namespace quire::ui {

class AlbumGate;
class Background;

class DetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit DetailPane(Registry &registry, QWidget *parent = nullptr);
    ~DetailPane() override;

    void showPicture(const QUuid &album, const QString &albumName, const Picture &picture);
    void clear();

    QUuid album() const { return m_album; }
    const Picture &picture() const { return m_picture; }
    bool hasPicture() const { return m_picture.id != 0; }
    QStringList tags() const { return m_tags; }
    // The album's tag paths, offered while typing a tag.
    QStringList completions() const;
    QCompleter *tagCompleter() const { return m_completer; }
    QLineEdit *tagEdit() const { return m_tagEdit; }
    QLineEdit *titleEdit() const { return m_titleEdit; }
    QComboBox *ratingBox() const { return m_rating; }
    // Reads and writes keep away from albums the gate holds.
    void setGate(std::shared_ptr<AlbumGate> gate) { m_gate = std::move(gate); }
    // True while a read or write is on its way.
    bool isBusy() const { return m_pending > 0; }
    // While routed, Add and Remove do not change the shown picture: they
    // emit tagEditRequested, and the window applies the tag to its whole
    // selection (of `selected` pictures, which the tag field's hint names).
    void routeTagEdits(bool on) { m_routeTagEdits = on; }
    void setSelectionSize(int selected);
    // Reads the shown picture's tags again (after the window changed them).
    void reloadTags();

public Q_SLOTS:
    void addTag(const QString &path);
    void removeTag(const QString &path);
    void setRating(int rating);

protected:
    void resizeEvent(QResizeEvent *event) override;

Q_SIGNALS:
    // The picture was changed and saved (rating); tags() was read again.
    void pictureChanged(const QUuid &album, const quire::Picture &picture);
    void tagsChanged();
    void tagEditRequested(const QString &path, bool add);
    // The title field was edited (Enter or leaving it): the window titles
    // its selection.
    void titleEditRequested(const QString &title);
    void previewShown();
    void errorOccurred(const QString &message);

private:
    // Runs a change to the shown picture's tags on a worker, in a write
    // session of its album; then shows the tags again, or `failure` and why.
    void changeTags(const QString &failure, std::function<Result<void>(Session &, qint64 pictureId)> change);
    struct Loaded;
    void load(bool withPreview);
    void loaded(quint64 generation, const Loaded &result);
    void addFromEdit();
    void removeSelected();
    void showInfo();
    void setEditable(bool editable);
    // Shows m_previewImage as large as the pane allows, never cropped.
    void fitPreview();

    Registry &m_registry;
    Background *m_background = nullptr;
    std::shared_ptr<AlbumGate> m_gate;
    QUuid m_album;
    QString m_albumName;
    Picture m_picture;
    QStringList m_tags;
    QImage m_previewImage;
    quint64 m_generation = 0;
    int m_pending = 0;

    QLabel *m_preview = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_info = nullptr;
    QListWidget *m_tagList = nullptr;
    QLineEdit *m_tagEdit = nullptr;
    QPushButton *m_addTag = nullptr;
    QPushButton *m_removeTag = nullptr;
    QComboBox *m_rating = nullptr;
    QLabel *m_marks = nullptr; // colour label and pick
    QLineEdit *m_titleEdit = nullptr;
    bool m_routeTagEdits = false;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_completions = nullptr;
};

} // namespace quire::ui
