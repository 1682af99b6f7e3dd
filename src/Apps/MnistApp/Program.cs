using ActorNet.MnistApp;

return MnistCli.Build().Parse(args).Invoke();
