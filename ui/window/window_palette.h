#pragma once

// The widget palette that matches a timeline Theme, so docks, tables, menus
// and dialogs share the picture's light, dark or print colours.

#include "theme.h"

#include <QPalette>

namespace asyncscope {

QPalette windowPalette(const Theme &theme);

} // namespace asyncscope
