using ActorNet.ImageNetApp;

return ImageNetCli.Build().Parse(args).Invoke();
