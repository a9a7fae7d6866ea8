using Lifeline.Cli;

// Lifeline's entry point: the command line (Cli/LifelineCommandLine.cs) lists the verbs; `serve`, the default,
// builds the web server (Web/LifelineWeb.cs), which lists the parts it serves.
return await LifelineCommandLine.RunAsync(args);
