#include "quire/ui/pictureviewer.h"

#include "quire/ui/background.h"

#include <quire/picture_image.h>

#include <QFileInfo>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScreen>
#include <QWheelEvent>

#include <algorithm>

namespace quire::ui {

namespace {

// A picture of any size is decoded whole for 1:1; the core never enlarges.
constexpr int FullSize = 1 << 15;

QString pendingKey(const QString &file, bool actual)
{
    return file + (actual ? QStringLiteral("\n1:1") : QStringLiteral("\nfit"));
}

} // namespace

PictureViewer::PictureViewer(QWidget *parent)
    : QWidget(parent), m_background(new Background(2, this))
{
    setFocusPolicy(Qt::StrongFocus);
    setAutoFillBackground(true);
    QPalette dark = palette();
    dark.setColor(QPalette::Window, QColor(24, 24, 24));
    dark.setColor(QPalette::WindowText, QColor(220, 220, 220));
    setPalette(dark);
    setObjectName(QStringLiteral("pictureViewer"));
    m_slideshow.setInterval(4000);
    connect(&m_slideshow, &QTimer::timeout, this, [this] {
        if (m_current + 1 < m_files.size())
            setCurrent(m_current + 1);
        if (m_current + 1 >= m_files.size())
            setSlideshowPlaying(false); // the last one stays on the screen
    });
}

PictureViewer::~PictureViewer()
{
    m_background->waitForDone();
}

void PictureViewer::setPictures(const QStringList &files, int current)
{
    m_files = files;
    // Pixels of files no longer listed go; the others stay for stepping.
    for (auto it = m_fit.begin(); it != m_fit.end();)
        it = files.contains(it.key()) ? std::next(it) : m_fit.erase(it);
    m_current = -1;
    setCurrent(current);
}

void PictureViewer::setCurrent(int row)
{
    if (m_files.isEmpty())
        row = -1;
    else
        row = std::clamp(row, 0, int(m_files.size()) - 1);
    if (row == m_current)
        return;
    m_current = row;
    m_zoom = Zoom::Fit;
    decodeAround();
    update();
    Q_EMIT currentChanged(row);
}

void PictureViewer::setSlideshowPlaying(bool on)
{
    if (on == m_slideshow.isActive() || (on && m_current + 1 >= m_files.size()))
        return;
    if (on)
        m_slideshow.start();
    else
        m_slideshow.stop();
    Q_EMIT slideshowPlayingChanged(on);
}

void PictureViewer::setZoom(Zoom zoom)
{
    if (zoom == m_zoom || m_current < 0)
        return;
    m_zoom = zoom;
    m_focus = QPointF(0.5, 0.5); // the wheel then moves it under the pointer
    const QString file = m_files.at(m_current);
    if (zoom == Zoom::Actual && m_actualFile != file) {
        m_actualFile = file;
        m_actual = {};
        decode(file, FullSize, true);
    }
    update();
}

bool PictureViewer::isDecoded(int row) const
{
    return row >= 0 && row < m_files.size() && m_fit.contains(m_files.at(row));
}

QString PictureViewer::problem() const
{
    const Decoded *decoded = shown();
    return decoded ? decoded->problem : QString();
}

int PictureViewer::screenEdge() const
{
    const QScreen *where = screen();
    const QSize size = where ? where->size() * where->devicePixelRatio() : QSize(1920, 1080);
    return std::max({size.width(), size.height(), 256});
}

void PictureViewer::decodeAround()
{
    if (m_current < 0)
        return;
    // The current one first: the pool takes higher priorities first.
    const int edge = screenEdge();
    const int rows[] = {m_current, m_current + 1, m_current - 1};
    for (const int row : rows) {
        if (row < 0 || row >= m_files.size())
            continue;
        const QString &file = m_files.at(row);
        if (!m_fit.contains(file))
            decode(file, edge, false);
    }
    // Three screens of pixels at most: a long walk through an album does
    // not keep every picture it passed.
    for (auto it = m_fit.begin(); it != m_fit.end();)
        it = isNearCurrent(it.key()) ? std::next(it) : m_fit.erase(it);
    if (m_actualFile != m_files.at(m_current)) {
        m_actualFile.clear();
        m_actual = {};
    }
}

void PictureViewer::decode(const QString &file, int longEdge, bool actual)
{
    const QString key = pendingKey(file, actual);
    if (m_pending.value(key) > 0)
        return;
    ++m_pending[key];
    ++m_running;
    const int priority = file == (m_current >= 0 ? m_files.at(m_current) : QString()) ? 1 : 0;
    m_background->run(
        this,
        [file, longEdge] {
            Decoded out;
            Result<QImage> image = readPictureImage(file, longEdge);
            if (image)
                out.image = std::move(*image);
            else
                out.problem = image.error().message();
            return out;
        },
        [this, file, key, actual](Decoded out) {
            --m_running;
            m_pending.remove(key);
            if (actual) {
                if (file == m_actualFile)
                    m_actual = std::move(out);
            } else if (isNearCurrent(file)) {
                // A decode that finishes after the viewer stepped past it
                // is dropped, so the three-screen bound holds.
                m_fit.insert(file, std::move(out));
            }
            update();
            Q_EMIT decoded(file);
        },
        priority);
}

bool PictureViewer::isNearCurrent(const QString &file) const
{
    if (m_current < 0)
        return false;
    for (int row = std::max(m_current - 1, 0); row <= std::min(m_current + 1, int(m_files.size()) - 1); ++row)
        if (m_files.at(row) == file)
            return true;
    return false;
}

const PictureViewer::Decoded *PictureViewer::shown() const
{
    if (m_current < 0)
        return nullptr;
    const QString &file = m_files.at(m_current);
    if (m_zoom == Zoom::Actual && m_actualFile == file && (!m_actual.image.isNull() || !m_actual.problem.isEmpty()))
        return &m_actual;
    // Until the full-size pixels arrive, the screen-sized ones stand in.
    const auto it = m_fit.constFind(file);
    return it == m_fit.constEnd() ? nullptr : &*it;
}

void PictureViewer::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const Decoded *decoded = shown();
    if (!decoded)
        return; // being decoded: the dark background alone, no flicker of text
    if (decoded->image.isNull()) {
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, decoded->problem);
        return;
    }
    const QImage &image = decoded->image;
    const qreal ratio = devicePixelRatioF();
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    if (m_zoom == Zoom::Actual && decoded == &m_actual) {
        // One image pixel to one device pixel, m_focus in the middle.
        const QSizeF shownSize = QSizeF(image.size()) / ratio;
        const QPointF center(m_focus.x() * image.width(), m_focus.y() * image.height());
        const QPointF topLeft = QPointF(width() / 2.0, height() / 2.0) - center / ratio;
        painter.drawImage(QRectF(topLeft, shownSize), image);
        return;
    }
    // Fit: the whole picture, never enlarged past its pixels.
    QSizeF target = QSizeF(image.size()) / ratio;
    if (target.width() > width() || target.height() > height())
        target.scale(size(), Qt::KeepAspectRatio);
    const QRectF where(QPointF((width() - target.width()) / 2, (height() - target.height()) / 2), target);
    painter.drawImage(where, image);
}

void PictureViewer::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_Down:
    case Qt::Key_PageDown:
        setCurrent(m_current + 1);
        break;
    case Qt::Key_Left:
    case Qt::Key_Up:
    case Qt::Key_PageUp:
        setCurrent(m_current - 1);
        break;
    case Qt::Key_Home:
        setCurrent(0);
        break;
    case Qt::Key_End:
        setCurrent(int(m_files.size()) - 1);
        break;
    case Qt::Key_Z:
        setZoom(m_zoom == Zoom::Fit ? Zoom::Actual : Zoom::Fit);
        break;
    case Qt::Key_Space:
        setSlideshowPlaying(!isSlideshowPlaying());
        break;
    case Qt::Key_Escape:
        setSlideshowPlaying(false);
        Q_EMIT closed();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void PictureViewer::wheelEvent(QWheelEvent *event)
{
    // Up looks closer (1:1 at the picture under the pointer), down back to fit.
    const int delta = event->angleDelta().y();
    if (delta > 0 && m_zoom == Zoom::Fit) {
        const Decoded *decoded = shown();
        if (decoded && !decoded->image.isNull()) {
            // Where the pointer is, as a fraction of the fitted picture.
            QSizeF target = QSizeF(decoded->image.size()) / devicePixelRatioF();
            if (target.width() > width() || target.height() > height())
                target.scale(size(), Qt::KeepAspectRatio);
            const QPointF origin((width() - target.width()) / 2, (height() - target.height()) / 2);
            const QPointF fraction((event->position().x() - origin.x()) / target.width(),
                                   (event->position().y() - origin.y()) / target.height());
            setZoom(Zoom::Actual);
            m_focus = QPointF(std::clamp(fraction.x(), 0.0, 1.0), std::clamp(fraction.y(), 0.0, 1.0));
        }
    } else if (delta < 0) {
        setZoom(Zoom::Fit);
    }
    event->accept();
}

void PictureViewer::mousePressEvent(QMouseEvent *event)
{
    m_dragFrom = event->position().toPoint();
    QWidget::mousePressEvent(event);
}

void PictureViewer::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton) || m_zoom != Zoom::Actual || m_actual.image.isNull())
        return;
    // The picture follows the pointer.
    const QPoint now = event->position().toPoint();
    const QPointF moved = QPointF(now - m_dragFrom) * devicePixelRatioF();
    m_dragFrom = now;
    const QSizeF size = m_actual.image.size();
    m_focus = QPointF(std::clamp(m_focus.x() - moved.x() / size.width(), 0.0, 1.0),
                      std::clamp(m_focus.y() - moved.y() / size.height(), 0.0, 1.0));
    update();
}

} // namespace quire::ui
