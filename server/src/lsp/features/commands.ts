import type { FeatureContext } from './context';

/** Server-side commands a client may call through `workspace/executeCommand`. */
export const SERVER_COMMANDS = { setWorkspaceModel: 'tokenwise.server.setWorkspaceModel', openBudgetFile: 'tokenwise.server.openBudgetFile' } as const;

/** `workspace/executeCommand`: open the budget file in the editor, set the workspace model. */
export function registerCommands(context: FeatureContext): void {
  const { connection, guard, settings } = context;
  connection.onExecuteCommand(
    guard('executeCommand', (params) => {
      if (params.command === SERVER_COMMANDS.openBudgetFile) {
        const target = params.arguments?.[0];
        if (typeof target === 'string') void connection.window.showDocument({ uri: target, takeFocus: true });
        return null;
      }
      if (params.command === SERVER_COMMANDS.setWorkspaceModel) {
        const model = params.arguments?.[0];
        settings.setWorkspaceModel(typeof model === 'string' && model.trim() ? model.trim() : null);
        context.settingsChanged();
      }
      return null;
    }, null),
  );
}
