#pragma once

// Every QAction of the main window, made in one place with its text,
// shortcut, tool tip and icon, and the menu bar that lists them. Nothing is
// connected here: the window wires each action to whoever acts on it.

#include <QList>

class QAction;
class QColor;
class QMainWindow;
class QMenu;
class QUndoStack;

namespace asyncscope {

struct WindowActions
{
    // The actions are children of `window`; the playback and view shortcuts are
    // added to it, so they work while the toolbar is hidden too.
    explicit WindowActions(QMainWindow *window);

    // File, View and Playback menus on the window's menu bar; `extraViewAction`
    // (the scenario dock's toggle) ends the View menu.
    void addMenus(QMainWindow *window, QAction *extraViewAction);
    // Play shows Pause while playing; every playback icon is drawn in `color`.
    void showPlaying(bool playing, const QColor &color);
    void checkTheme(const QString &name);
    // Edit ▸ Undo / Redo for the document's stack (Ctrl+Z, Ctrl+Shift+Z); their texts say what
    // they undo. Call after addMenus.
    void addUndoActions(QMainWindow *window, QUndoStack *stack);

    // File
    QAction *newFile;
    QAction *open;
    QAction *save;
    QAction *saveAs;
    QAction *exportImage;
    QAction *turnRecordingIntoScenario; // the recording shown (or one picked) as an editable scenario (SPEC §7)
    QAction *quit;
    QAction *copyPicture;      // the picture (image/png) and its scenario, for slides and for asyncscope
    QAction *pasteScenario;    // a scenario from the clipboard: copied from asyncscope, a picture, or JSON text
    QAction *editAsJavaScript; // Plan menu: the Code dock's plan becomes a JavaScript plan from its generated code
    QAction *undo = nullptr;   // made by addUndoActions from the document's QUndoStack
    QAction *redo = nullptr;
    // Playback
    QAction *play;
    QAction *stepBack;
    QAction *stepForward;
    QAction *restart;
    QAction *toStart;
    QAction *toEnd;
    QAction *reroll;
    // View
    QList<QAction *> themes;   // checkable, exclusive; data() is the theme name
    QAction *presenter;
    QAction *fullScreen;
    QAction *fitAll;
    QAction *pinBaseline;      // keep the current run drawn faintly behind the bars, to compare with
    QAction *clearBaseline;

    QMenu *exampleMenu = nullptr; // File's submenus, filled by the DocumentController
    QMenu *recentMenu = nullptr;
    QMenu *viewMenu = nullptr;    // for the docks' toggles added later
    QMenu *editMenu = nullptr;
};

} // namespace asyncscope
