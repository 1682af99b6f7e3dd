namespace ActorNet.Rdd.Ui;

/// <summary>What the pages and the REST API read: the status store, and what is asked of the driver at request time.</summary>
internal interface IUiData
{
    string AppId { get; }

    AppStatusStore Store { get; }

    int RefreshMilliseconds { get; }

    ApplicationInfo Application();

    IReadOnlyList<ExecutorSummary> Executors();

    IReadOnlyList<RddStorageInfo> Storage();

    IReadOnlyList<ClusterMember> Members();

    EnvironmentInfo Environment();
}
