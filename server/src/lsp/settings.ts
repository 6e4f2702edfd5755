import { MessageType, ShowMessageNotification, type Connection } from './languageServer';
import { normalizeSettings, type AnalysisSettings } from '../core';

/**
 * Pulls settings per resource with `workspace/configuration` and caches them until the client
 * says they changed. Clients that cannot be asked (no `workspace.configuration` capability) get
 * the defaults merged with `initializationOptions.settings`.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<AnalysisSettings>>();
  private readonly reported = new Set<string>();
  private fallback: unknown = {};
  private workspaceModel: string | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  setFallback(raw: unknown): void {
    this.fallback = raw ?? {};
    this.clear();
  }

  /** The model picked with "Select model"; it ranks below a prompt's own declaration. */
  setWorkspaceModel(model: string | null): void {
    this.workspaceModel = model;
    this.clear();
  }

  clear(): void {
    this.cache.clear();
  }

  get(uri: string): Promise<AnalysisSettings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.load(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  private async load(uri: string): Promise<AnalysisSettings> {
    let raw: unknown = this.fallback;
    if (this.canPull()) {
      try {
        raw = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'tokenwise' });
      } catch (error) {
        this.connection.console.warn(`Tokenwise: could not read settings (${String(error)}); using defaults.`);
      }
    }
    const { settings, problems } = normalizeSettings(raw);
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Tokenwise: ${problem}` });
    }
    return this.workspaceModel ? { ...settings, workspaceModel: this.workspaceModel } : settings;
  }
}
