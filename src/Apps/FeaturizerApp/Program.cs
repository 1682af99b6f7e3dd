using ActorNet.FeaturizerApp;

return FeaturizerCli.Build().Parse(args).Invoke();
