#pragma once
// The poster frame of a video: the step of readVideoFile that seeks and
// decodes. Private to video_file.cpp (it takes FFmpeg's types).

#include "media/video_ffmpeg.h"

#include <QImage>
#include <QSize>
#include <QString>

namespace quire::detail::ffmpeg {

// Decodes the poster frame of `stream`: the first frame decoded from the
// key frame at or before 1 s (the first frame when the video is not longer
// than that), scaled to fit longEdge (never upscaled) in the proportions
// of `shown`, and turned `rotation` degrees clockwise. Asks the decoder for
// reduced-size output where the codec can give it (lowres). Null with
// `failure` set when no frame could be decoded or the deadline passed.
QImage decodePoster(AVFormatContext *format, int stream, QSize shown, int rotation, int longEdge,
                    const Deadline &deadline, QString &failure);

} // namespace quire::detail::ffmpeg
