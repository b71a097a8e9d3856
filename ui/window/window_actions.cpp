#include "window_actions.h"

#include "playback_icons.h"

#include <QAction>
#include <QActionGroup>
#include <QCoreApplication>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QStyle>
#include <QUndoStack>

namespace asyncscope {

namespace {

// The texts belong to the window they appear in.
QString tr(const char *text)
{
    return QCoreApplication::translate("asyncscope::MainWindow", text);
}

QAction *action(QObject *parent, const QString &text, const QKeySequence &shortcut, const QString &toolTip = {})
{
    auto *made = new QAction(text, parent);
    made->setShortcut(shortcut);
    if (!toolTip.isEmpty())
        made->setToolTip(toolTip);
    return made;
}

} // namespace

WindowActions::WindowActions(QMainWindow *window)
{
    QStyle *s = window->style();
    newFile = action(window, tr("&New"), QKeySequence::New);
    newFile->setIcon(s->standardIcon(QStyle::SP_FileIcon));
    open = action(window, tr("&Open…"), QKeySequence::Open);
    open->setIcon(s->standardIcon(QStyle::SP_DialogOpenButton));
    save = action(window, tr("&Save"), QKeySequence::Save);
    save->setIcon(s->standardIcon(QStyle::SP_DialogSaveButton));
    saveAs = action(window, tr("Save &As…"), QKeySequence::SaveAs);
    exportImage = action(window, tr("&Export Image…"), QKeySequence(Qt::CTRL | Qt::Key_E));
    turnRecordingIntoScenario = action(window, tr("&Turn Recording into Scenario…"), QKeySequence(),
                                       tr("Make the recording shown (or a HAR or Chrome trace you pick) an editable "
                                          "scenario: one task per request, plans as-recorded, graph and all-at-once"));
    quit = action(window, tr("&Quit"), QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    // Text fields keep Ctrl+C / Ctrl+V for their text: they claim the keys through ShortcutOverride.
    copyPicture = action(window, tr("&Copy Picture"), QKeySequence::Copy,
                         tr("Copy the timeline as a picture that carries its scenario: paste it into a slide, "
                            "or into asyncscope to get the scenario back"));
    pasteScenario = action(window, tr("&Paste Scenario"), QKeySequence::Paste,
                           tr("Open the scenario on the clipboard: copied from asyncscope, a picture it "
                              "exported, or scenario JSON"));
    editAsJavaScript = action(window, tr("Edit as &JavaScript"), QKeySequence(),
                              tr("Turn the plan shown in the Code dock into a JavaScript plan, starting from its "
                                 "generated code: the picture stays the same, and the code is yours to edit"));

    // Playback. Window-wide shortcuts; line edits and spin boxes still get
    // their own keys because they claim them through ShortcutOverride.
    play = action(window, tr("Play"), Qt::Key_Space, tr("Play / pause the run (Space)"));
    stepBack = action(window, tr("Step Back"), Qt::Key_Left, tr("To the previous event: a start, an end or a settle (←)"));
    stepForward = action(window, tr("Step Forward"), Qt::Key_Right, tr("To the next event: a start, an end or a settle (→)"));
    restart = action(window, tr("Restart"), QKeySequence(Qt::CTRL | Qt::Key_R), tr("Play again from 0 ms (Ctrl+R)"));
    toStart = action(window, tr("To Start"), Qt::Key_Home);
    toEnd = action(window, tr("To End"), Qt::Key_End, tr("Show the final state (End)"));
    for (QAction *a : {play, stepBack, stepForward, restart, toStart, toEnd})
        window->addAction(a); // shortcuts work while the toolbar is hidden too
    reroll = action(window, tr("Re-roll"), QKeySequence(Qt::CTRL | Qt::Key_D),
                    tr("Pick a new random seed: fresh draws for random latencies and failures"));

    // View.
    auto *themeGroup = new QActionGroup(window);
    for (const auto &[name, label] : {std::pair{QStringLiteral("light"), tr("&Light")},
                                      std::pair{QStringLiteral("dark"), tr("&Dark")},
                                      std::pair{QStringLiteral("print"), tr("&Print (black and white)")}}) {
        auto *theme = new QAction(label, themeGroup);
        theme->setCheckable(true);
        theme->setData(name);
        themes.append(theme);
    }
    presenter = action(window, tr("&Presenter Mode"), Qt::Key_F5,
                       tr("Large type and thick bars for a projector; editing panels hidden (F5)"));
    presenter->setCheckable(true);
    window->addAction(presenter);
    fullScreen = action(window, tr("&Full Screen"), QKeySequence::FullScreen);
    fullScreen->setCheckable(true);
    window->addAction(fullScreen);
    fitAll = action(window, tr("Fit &All"), QKeySequence(Qt::CTRL | Qt::Key_0));
    pinBaseline = action(window, tr("&Pin as Baseline"), QKeySequence(Qt::CTRL | Qt::Key_B),
                         tr("Keep this run drawn faintly behind the bars: every band then says what changed (Ctrl+B)"));
    clearBaseline = action(window, tr("C&lear Baseline"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
}

void WindowActions::addMenus(QMainWindow *window, QAction *extraViewAction)
{
    QMenu *file = window->menuBar()->addMenu(tr("&File"));
    file->addAction(newFile);
    file->addAction(open);
    exampleMenu = file->addMenu(tr("Open &Example"));
    recentMenu = file->addMenu(tr("Recent &Files"));
    file->addAction(turnRecordingIntoScenario);
    file->addSeparator();
    file->addAction(save);
    file->addAction(saveAs);
    file->addSeparator();
    file->addAction(exportImage);
    file->addSeparator();
    file->addAction(quit);

    QMenu *edit = window->menuBar()->addMenu(tr("&Edit"));
    edit->addAction(copyPicture);
    edit->addAction(pasteScenario);
    editMenu = edit;

    QMenu *plan = window->menuBar()->addMenu(tr("P&lan"));
    plan->addAction(editAsJavaScript);

    QMenu *view = window->menuBar()->addMenu(tr("&View"));
    QMenu *theme = view->addMenu(tr("&Theme"));
    theme->addActions(themes);
    view->addAction(presenter);
    view->addAction(fullScreen);
    view->addSeparator();
    view->addAction(fitAll);
    view->addAction(pinBaseline);
    view->addAction(clearBaseline);
    view->addSeparator();
    view->addAction(extraViewAction);
    viewMenu = view;

    QMenu *playback = window->menuBar()->addMenu(tr("&Playback"));
    playback->addAction(play);
    playback->addAction(stepBack);
    playback->addAction(stepForward);
    playback->addAction(toStart);
    playback->addAction(toEnd);
    playback->addAction(restart);
    playback->addSeparator();
    playback->addAction(reroll);
}

void WindowActions::addUndoActions(QMainWindow *window, QUndoStack *stack)
{
    undo = stack->createUndoAction(window, tr("&Undo"));
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    redo = stack->createRedoAction(window, tr("&Redo"));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    if (editMenu) {
        QAction *first = editMenu->actions().value(0);
        editMenu->insertAction(first, undo);
        editMenu->insertAction(first, redo);
        editMenu->insertSeparator(first);
    }
    window->addAction(undo); // Ctrl+Z also while the menu bar is hidden
    window->addAction(redo);
}

void WindowActions::showPlaying(bool playing, const QColor &color)
{
    play->setText(playing ? tr("Pause") : tr("Play"));
    play->setIcon(playbackIcon(playing ? PlaybackIcon::Pause : PlaybackIcon::Play, color));
    stepBack->setIcon(playbackIcon(PlaybackIcon::StepBack, color));
    stepForward->setIcon(playbackIcon(PlaybackIcon::StepForward, color));
    restart->setIcon(playbackIcon(PlaybackIcon::Restart, color));
    toStart->setIcon(playbackIcon(PlaybackIcon::ToStart, color));
    toEnd->setIcon(playbackIcon(PlaybackIcon::ToEnd, color));
}

void WindowActions::checkTheme(const QString &name)
{
    for (QAction *theme : std::as_const(themes))
        theme->setChecked(theme->data().toString() == name);
}

} // namespace asyncscope
