using ActorNet.Rdd.Scheduling;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Tests;

/// <summary>
/// Base of test classes that run jobs. A derived "Shipped" class runs every inherited test again with local mode
/// executing each task rebuilt from its serialized binary (<see cref="LocalBackend.RunShippedCopies"/>), and each
/// task end after a round trip through bytes: what a cluster executor would run, over the driver's own
/// environment so shuffle files and cached blocks are found.
/// </summary>
public abstract class RddTestsBase
{
    /// <summary>True in the Shipped variants.</summary>
    protected virtual bool Shipped => false;

    protected ClusterContext Local2() => NewContext("local[2]", "tests");

    protected ClusterContext NewContext(string master, string appName, IConfiguration? config = null)
    {
        var sc = new ClusterContext(master, appName, config);
        if (Shipped) ((LocalBackend)sc.Backend).RunShippedCopies(sc.AppId, sc.AppName);
        return sc;
    }
}
