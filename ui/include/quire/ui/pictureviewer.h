#pragma once
// PictureViewer: one picture as large as the window shows it (the whole
// screen in full screen), stepping through the pictures of the grid it was
// opened from: an album's, or a search's hits across albums.
//
// Pictures are decoded off the GUI thread at the size of the screen
// (quire::readPictureImage: HEIC and RAW too, turned upright), and the next
// and previous ones are decoded ahead, so the arrow keys move at once. Zoom
// is "fit" (the whole picture, never enlarged) or "actual pixels" (1:1,
// decoded at full size when first asked, panned by dragging).
//
// Keys, as in digiKam and Lightroom: Right/Down/Page Down next, Left/Up/
// Page Up previous, Home/End first/last, Z (or the mouse wheel) zoom, Esc
// back to the grid (closed()). A slideshow steps on by itself until the
// last picture (or until stopped). A picture that cannot be shown (its
// file gone, unreadable) shows why, naming the file.
//
// Thread safety: GUI thread only; destroying it waits for its decodes.

#include <QHash>
#include <QImage>
#include <QPointF>
#include <QStringList>
#include <QTimer>
#include <QWidget>

namespace quire::ui {

class Background;

class PictureViewer : public QWidget
{
    Q_OBJECT
public:
    enum class Zoom { Fit, Actual };

    explicit PictureViewer(QWidget *parent = nullptr);
    ~PictureViewer() override;

    // The pictures to step through (absolute file paths, in the grid's
    // order) and the one to show. Decodes already made are kept for the
    // files still listed.
    void setPictures(const QStringList &files, int current);
    const QStringList &pictures() const { return m_files; }
    int current() const { return m_current; }
    void setCurrent(int row);
    Zoom zoom() const { return m_zoom; }
    void setZoom(Zoom zoom);
    // Whether row's pixels are at hand (for fit), so showing it is immediate.
    bool isDecoded(int row) const;
    // Why the current picture is not shown ("IMG_2.jpg cannot be read: ..."),
    // empty when it is (or is still being decoded).
    QString problem() const;
    // True while a decode runs.
    bool isBusy() const { return m_running > 0; }

    // The slideshow: the next picture every interval, stopping at the last.
    void setSlideshowPlaying(bool on);
    bool isSlideshowPlaying() const { return m_slideshow.isActive(); }
    void setSlideshowInterval(int ms) { m_slideshow.setInterval(ms); }
    int slideshowInterval() const { return m_slideshow.interval(); }

Q_SIGNALS:
    void currentChanged(int row);
    // Esc: the grid should come back, at current().
    void closed();
    // A decode ended (pixels or a problem) for this file.
    void decoded(const QString &file);
    void slideshowPlayingChanged(bool playing);

protected:
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    struct Decoded {
        QImage image;    // null when it cannot be shown
        QString problem; // why not
    };
    // The long edge pictures are decoded at to fill the screen.
    int screenEdge() const;
    // Asks for the current, next and previous pictures; drops the others.
    void decodeAround();
    void decode(const QString &file, int longEdge, bool actual);
    const Decoded *shown() const;
    bool isNearCurrent(const QString &file) const; // the current row or a neighbour

    QStringList m_files;
    int m_current = -1;
    Zoom m_zoom = Zoom::Fit;
    QHash<QString, Decoded> m_fit;      // at the screen's size
    QString m_actualFile;               // the file m_actual is of
    Decoded m_actual;                   // the current picture at full size
    QHash<QString, int> m_pending;      // file -> decodes running for it
    QPointF m_focus{0.5, 0.5};          // at actual pixels, the image point (as fractions) in the middle
    QPoint m_dragFrom;
    QTimer m_slideshow;
    int m_running = 0;
    Background *m_background = nullptr; // last: destroyed first, waiting for the decodes
};

} // namespace quire::ui
