namespace ActorNet.Rdd.Ui;

/// <summary>The applications a UI serves: the one running driver, or the finished ones of a history server.</summary>
internal interface IUiApps
{
    IReadOnlyList<IUiData> Applications();

    IUiData? Find(string appId);
}

/// <summary>A live driver's UI: one application.</summary>
internal sealed class SingleApp(IUiData app) : IUiApps
{
    public IReadOnlyList<IUiData> Applications() => [app];

    public IUiData? Find(string appId) => appId == app.AppId ? app : null;
}
