#pragma once

// Playback toolbar icons drawn in the theme's text colour, so they stay
// visible on the dark theme (the style's media icons are fixed dark images).

#include <QColor>
#include <QIcon>

namespace asyncscope {

enum class PlaybackIcon { Play, Pause, StepBack, StepForward, Restart, ToStart, ToEnd };

QIcon playbackIcon(PlaybackIcon kind, const QColor &color);

} // namespace asyncscope
