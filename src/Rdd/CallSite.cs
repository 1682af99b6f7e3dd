using System.Diagnostics;

namespace ActorNet.Rdd;

/// <summary>
/// Where user code created an RDD, as Spark prints it ("Map at Program.Main"): the outermost ActorNet.Rdd
/// method on the stack and the user method that called it.
/// </summary>
internal static class CallSite
{
    public static string Capture()
    {
        var frames = new StackTrace(1, fNeedFileInfo: false).GetFrames();
        var ours = typeof(CallSite).Assembly;
        string? api = null;
        foreach (var frame in frames)
        {
            var method = frame.GetMethod();
            if (method?.DeclaringType is not { } type) continue;
            if (type.Assembly == ours)
            {
                if (method.IsPublic && !method.IsConstructor) api = method.Name;
                continue;
            }
            var caller = UserMethodName(type, method.Name);
            return $"{api ?? "<init>"} at {caller}";
        }
        return api ?? "<unknown>";
    }

    // Lambdas and iterators compile to nested types such as <>c or <Main>d__3; show the enclosing names.
    private static string UserMethodName(Type type, string method)
    {
        while (type.DeclaringType is not null && type.Name.StartsWith('<')) type = type.DeclaringType;
        return $"{type.Name}.{method}";
    }
}
