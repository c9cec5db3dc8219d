// Every word the playground shows, in English here and in Simplified
// Chinese in strings-zh.js, which is fetched only for a page that shows
// Chinese (`loadStrings`). Both tables have the same keys; a few entries
// are functions of a number.

/** A layer number as a superscript: 3 → ³. */
const sup = (n) => [...String(n)].map((c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[c]).join('');

export const STRINGS = {
  en: {
    loading: 'Loading the network…',
    // The index page around the element
    pageTitle: 'Backprop playground',
    pageIntro: ['A small neural network with every weight, bias, z, a and δ on screen: press ', 'Forward', ', ', 'Backward', ' and ', 'Step', ', and watch the chain rule change each number.'],
    pageEmbed: 'Embed it in your own page',
    pageKeys: ['press ', '?', ' in the playground for keyboard shortcuts'],
    loadFailed: 'The playground could not load:',
    diagramLabel: 'The network: every weight, bias, pre-activation z, activation a and δ',
    zoomLabel: 'Diagram size',
    backToDiagram: '↑ Back to the diagram',
    zoomFit: 'Fit',
    zoomFitTitle: 'Fit the whole diagram to the width',
    zoomFull: '100 %',
    zoomFullTitle: 'Values at full size; scroll sideways for the rest',

    // Diagram
    targets: 'Target y',
    targetsSub: 'what a should be',
    sample1: 'sample 1',
    sampleOf: (s, n) => `sample ${s} of ${n}`,
    inputLayer: 'Input',
    hiddenLayer: 'Hidden',
    outputLayer: 'Output',
    kindInput: 'input',
    kindHidden: 'hidden',
    kindOutput: 'output',
    act: { sigmoid: 'sigmoid', tanh: 'tanh', relu: 'ReLU', leaky_relu: 'leaky ReLU', linear: 'linear' },
    squaredError: 'L = ½ Σ (a − y)²',
    crossEntropy: 'L = −Σ y ln a + (1−y) ln(1−a)',
    sampleLoss: (s) => `Loss, sample ${s}`,
    meanLoss: 'Mean loss',
    beforeStep: 'before the last step:',
    clickToEdit: (name) => `Click to change ${name}`,
    editLabel: (name) => `New value for ${name}`,

    // The three phases
    forward: 'Forward',
    forwardSub: 'compute z, a and the loss',
    backward: 'Backward',
    backwardSub: 'compute δ and ∂L/∂w',
    step: 'Step',
    stepSub: 'w ← w − η·∂L/∂w',
    hintNone: 'Start with Forward: the input flows through the network and every z and a appears.',
    hintForward: 'Next, Backward: the error flows back from the loss and every δ and ∂L/∂w appears.',
    hintBackward: 'Now Step: every weight and bias moves against its gradient, w ← w − η·∂L/∂w.',
    hintStepped: 'Updated, and run forward again with the new weights: see the loss. Backward again, or Train to repeat.',
    hintPlaying: 'Training… each frame takes gradient steps. Press Pause to stop.',
    hintWalking: 'One phase at a time: press Next, under the network, to go on.',
    updateParam: 'Parameter θ',
    updateOld: 'θ before',
    updateGradient: '∂L/∂θ',
    updatePenalty: 'λ·∂P/∂θ',
    oneTraced: 'On a set this large only the sample shown is traced; the losses above are still the mean over all. Click a row to show that sample.',
    updateRate: 'η',
    updateNew: 'θ after',

    // Training buttons and history
    train10: 'Train ×10',
    train100: 'Train ×100',
    play: 'Play',
    pause: 'Pause',
    speed: 'Steps per frame while playing',
    perFrame: (n) => `${n} / frame`,
    reset: 'Reset',
    newWeights: 'New weights',
    newWeightsTip: 'Fresh random weights from a new seed, the samples kept; Undo brings the old ones back.',
    undo: 'Undo',
    redo: 'Redo',
    stepCount: 'Step',
    epochCount: 'Epoch',
    lossNow: 'Loss',
    lossBefore: 'before:',

    // Panel
    secExample: 'Example',
    secNetwork: 'Network',
    secTraining: 'Training',
    secSamples: 'Samples',
    secView: 'View',
    presets: { seed: '2-2-2 (the blog)', xor: 'XOR', and: 'AND', or: 'OR' },
    presetHint: 'Loading an example replaces the network; Undo brings it back.',
    layerN: (l) => `Layer ${l}`,
    neurons: 'neurons',
    fewer: 'One neuron fewer',
    more: 'One neuron more',
    addHidden: 'Add a hidden layer',
    removeLayer: 'Remove this layer',
    activation: 'Activation',
    shapeHint: 'A new shape starts from fresh random weights (drawn from the seed).',
    learningRate: 'Learning rate η',
    lossFn: 'Loss',
    losses: { squared_error: 'Squared error', cross_entropy: 'Cross-entropy' },
    trainBiases: 'Train biases',
    batchSize: 'Batch size',
    dropout: 'Dropout p',
    regularization: 'Regularization',
    regularizations: { none: 'None', l1: 'L1: λ·Σ|w|', l2: 'L2: λ·½Σw²' },
    regularizationRate: 'Regularization rate λ',
    penaltyNow: 'The penalty it adds to the loss now, λ·P:',
    colInput: 'x',
    colTarget: 'y',
    colOutput: 'output a',
    colLoss: 'loss',
    moreSamples: (n) => `… and ${n} more`,
    showSample: (s) => `Show sample ${s}`,
    notation: 'Notation',
    notationSeed: 'w³₁₂ · layers',
    notationCompact: 'w1…w8 · h1, o1',
    digits: 'Significant digits',
    language: 'Language',
    languages: { en: 'English', zh: '中文' }, // each in its own language

    // Legend
    legendPos: 'positive weight',
    legendNeg: 'negative weight',
    legendWidth: 'thicker = larger |w|',
    legendDropped: 'dropped in this step',
    legendEdit: 'Click a weight or bias for its chain rule, click it again to change it; click an input or target to change it. Hover a line or neuron for details.',
    legendMean: (n) => `z, a and δ are for the sample shown; ∂L/∂w and ∂L/∂b average all ${n} samples, as a step does.`,
    // Step by step, the chain rule and the lessons
    clickToSelect: (name) => `Click for the chain rule of ${name}; click again or press Enter to change it`,
    walkLabel: 'One training step, phase by phase',
    walkTitle: 'Step by step',
    walkIdle: 'Press Start to walk through one training step: the signal flows forward layer by layer, the loss is measured, the error flows back, and every weight moves.',
    walkStart: 'Start',
    walkNext: 'Next',
    walkPrev: 'Previous',
    walkSpeed: 'Animation speed',
    walkSpeeds: { 0.5: 'Slow', 1: 'Normal', 2: 'Fast' },
    walkAnimate: 'Animate',
    walkAnimateTip: 'Animate Forward, Backward and Step too',
    walkCount: (i, n) => `${i} / ${n}`,
    walkMore: (n) => `… and ${n} more in the diagram`,
    phaseTitle: {
      forward: (l) => `Forward · layer ${l}`,
      loss: () => 'Loss',
      backward: (l) => `Backward · layer ${l}`,
      update: () => 'Update',
    },
    narrate: {
      forward: (l) => `Layer ${l} listens to the layer before it: each neuron multiplies every incoming activation by its weight, adds them up with its bias to get z, then passes z through its activation function to get a.`,
      loss: () => 'The output is compared with the target. The loss is one number that says how wrong the network is on this sample; training tries to make it small.',
      backwardOut: (l) => `The error starts at the output. δ (layer ${l}) is how fast the loss changes when a neuron's z changes: how far a is from the target, times the slope of the activation there. Each incoming weight's gradient is that δ times the activation feeding the weight.`,
      backwardHidden: (l) => `The error flows back along the weights. A neuron in layer ${l} collects the δ of every neuron it feeds, each weighted by the connecting weight, and multiplies the total by its own slope f'(z). Its weights' gradients follow as δ times input.`,
      update: (l, eta) => `Every weight and bias takes one step downhill: it moves against its gradient, scaled by the learning rate η = ${eta}. The numbers count from their old values to the new ones the core computed.`,
    },
    tabs: { chain: 'Chain rule', graph: 'Graph', neuron: 'One neuron', matrix: 'Matrix form', distribution: 'Error split', equations: 'Four equations', loss: 'Loss chart', concepts: 'Concepts' },
    graphIntro: 'The same network taken apart into its smallest operations for the sample shown: each product w·a, each sum z, each activation a = f(z) and the loss is a node. Forward, values flow left to right; backward, each edge carries its local derivative, and multiplying them along a path from L gives that path’s term in the chain rule.',
    graphLabel: 'The computational graph of the network for the sample shown',
    graphAll: 'Every operation of the network. The paths to the selected parameter are marked; click a node for its rule.',
    graphPaths: (name) => `A larger network: only the operations on the paths from the loss to ${name}, and what feeds them. Click a node for its rule.`,
    graphForward: 'Forward: each node’s value (below it). Press Backward, or show the backward pass, to see the local derivatives.',
    graphBack: 'Backward: each marked edge’s local derivative (on the edge; hover any other) and each node’s ∂L/∂node (above it), the sum over its paths to L of the products of the local derivatives.',
    graphShowBack: 'Show the backward pass',
    graphHideBack: 'Hide the backward pass',
    graphRule: (op, name, value, ins = [], grad = 0) => {
      const what = { input: 'an input', weight: 'a weight', bias: 'a bias', mul: 'a product', add: 'a sum', act: 'an activation', loss: 'the loss' }[op];
      const locals = ins.map(([from, d]) => `∂(${name})/∂${from} = ${d}`).join(', ');
      return `${name} = ${value}: ${what}. ${locals ? `Local derivatives: ${locals}. ` : ''}Going back, ∂L/∂(${name}) = ${grad}: the sum, over the edges it feeds, of ∂L/∂(that node) × the edge’s local derivative.`;
    },
    actSymbols: { sigmoid: 'σ', tanh: 'tanh', relu: 'ReLU', leaky_relu: 'LReLU', linear: 'id' },
    chainNone: 'Click any weight or bias in the diagram to see how the chain rule builds its gradient.',
    chainFor: (name, s) => `how the loss of sample ${s} depends on ${name}`,
    chainEdit: (name) => `Change ${name}`,
    chainPaths: (n) => `The loss reaches this parameter along ${n} paths. Each path is a product of local derivatives; the gradient is the sum of all of them.`,
    chainOnePath: 'One path leads from the loss to this parameter: the gradient is the product of the local derivatives along it.',
    chainOmitted: (n) => `${n} more paths are not listed; the sum includes them.`,
    chainSum: 'Sum over the paths (this sample)',
    chainSampleValue: 'Product (this sample)',
    chainDelta: (name) => `Error ${name} of the neuron it feeds`,
    chainInput: (name) => `Input ${name} it multiplies`,
    chainGradient: (n) => (n > 1 ? `Gradient: the mean over all ${n} samples, used by a step` : 'Gradient used by a step'),
    chainDataGradient: (n) => (n > 1 ? `Gradient of the loss: the mean over all ${n} samples` : 'Gradient of the loss'),
    chainPenalty: 'Plus the penalty’s: λ·∂P/∂w',
    chainObjective: 'Gradient used by a step: ∂J/∂w = ∂L/∂w + λ·∂P/∂w',
    chainFd: 'Finite-difference estimate (nudge it and watch the loss)',
    chainBp4: 'Shortcut (BP4): ∂L/∂w = δ of the neuron it feeds × the activation it multiplies.',
    chainBp3: 'Shortcut (BP3): ∂L/∂b = δ of its neuron, since z changes one for one with b.',
    pick: 'Which neuron or layer',
    neuronIntro: 'A neuron does two things: it adds up its inputs, each multiplied by a weight, plus a bias; then it bends that sum with its activation function. Here is the selected neuron with this sample\'s numbers.',
    neuronNote: 'Pick another neuron above, or click a weight or bias in the diagram.',
    matrixIntro: 'A whole layer at once: stack the weights into a matrix W (one row per neuron), the previous activations into a column, and one matrix product gives every z of the layer.',
    matrixNote: 'Row j of W holds the weights into neuron j, so row j times the column of activations is exactly the sum in the one-neuron view.',
    distIntro: 'The blog first spreads the output error e_o = a − y back by hand. Its split gives each hidden neuron a share of every output\'s error, in proportion to the neuron\'s own outgoing weights; dropping the denominators simplifies it to (W)ᵀ times the error above. Beside both is the true δ that backpropagation computes.',
    distIndex: 'Indices: w^l_jk is the weight into neuron j of layer l from neuron k of layer l − 1, so a hidden neuron k\'s outgoing weights are column k of the next layer\'s W.',
    distIndexCompact: (h, ws) => `Names: the weights are counted row by row, one row for each neuron they feed, so ${h}'s outgoing ${ws.length > 1 ? `weights are ${ws.slice(0, -1).join(', ')} and ${ws.at(-1)}` : `weight is ${ws[0]}`}: column 1 of the next layer's W.`,
    distError: 'e_o = a − y',
    distSeed: 'the blog\'s split',
    distTranspose: (l) => `(W${sup(l)})ᵀ·e`,
    distDelta: 'true δ',
    distPerOutput: 'per-output split (another reading, not the blog\'s)',
    distDiffer: 'Where they part: (W)ᵀ·e only carries the error back along the weights, while the true δ also multiplies by each neuron\'s slope f\'(z) and starts from δ of the output rather than from e_o.',
    eqIntro: 'Backpropagation is four equations. With them every δ and every gradient of the network follows from one forward pass and one backward sweep.',
    eqNames: { BP1: 'the error at the output', BP2: 'the error one layer back', BP3: 'the gradient of a bias', BP4: 'the gradient of a weight' },
    chartIntro: 'The loss while training: the batch loss before each step, and the mean loss over all samples reached in each epoch.',
    chartLabel: 'Loss per step and per epoch',
    chartSteps: 'per step (batch)',
    chartEpochs: 'per epoch (all samples)',
    chartX: 'step',
    chartEmpty: 'Train the network to draw its loss here',
    conceptsIntro: 'The ideas behind the playground, each with a button that points at where it lives on this page.',
    conceptShow: 'Show me',
    sliceLabel: 'The loss along the negative gradient',
    sliceX: 'step size t along −∇L',
    sliceMark: (eta, loss) => `η = ${eta}: L = ${loss}`,
    sliceNote: (l0, l1, partial) => `Walking from the current weights straight down the gradient: at t = 0 the loss is ${l0}; a step with the current learning rate lands at ${l1}. Too small a rate barely moves; too large a rate overshoots the valley and the loss climbs again.${partial ? ' (With a batch smaller than all samples, a real step follows the batch\'s gradient, so it lands near this line, not on it.)' : ''}`,
    concepts: {
      neuron: { title: 'Neuron', text: 'A tiny calculator: it takes numbers in, adds them up with weights and a bias, and sends one number on.' },
      weights: { title: 'Weights', text: 'One per connection. A weight says how strongly, and in which direction, one neuron\'s output pushes the next neuron. Training is the search for good weights.' },
      bias: { title: 'Bias', text: 'A neuron\'s own offset, added before the activation. It lets the neuron fire (or stay quiet) even when its inputs are zero.' },
      activation: { title: 'Activation (sigmoid, ReLU)', text: 'The bend after the sum. Sigmoid squeezes any number into (0, 1) smoothly; ReLU keeps positive numbers and turns negatives into 0. Without a bend, many layers would be no better than one.' },
      layers: { title: 'Layers', text: 'Neurons side by side form a layer; each layer reads the one before. Input layer, hidden layers, output layer.' },
      forward: { title: 'Forward pass', text: 'Running the network: the input goes in on the left, every layer computes its z and a in turn, and the output comes out on the right.' },
      cost: { title: 'Cost function (squared error, cross-entropy)', text: 'One number for how wrong the output is. Squared error adds up half the squared distances to the target; cross-entropy punishes confident wrong answers hard and suits sigmoid outputs that are read as probabilities.' },
      descent: { title: 'Gradient descent', text: 'The gradient points uphill on the loss. Moving every parameter a little against it makes the loss smaller; repeat, and the network learns.' },
      rate: { title: 'Learning rate', text: 'How big each downhill step is: w ← w − η·∂L/∂w. The chart shows the loss along the downhill direction and where the current rate lands.' },
      backprop: { title: 'Backpropagation', text: 'The chain rule, organised: start with the error at the output and pass it back one layer at a time, so every gradient costs about as much as one more forward pass.' },
      batches: { title: 'Batches and epochs', text: 'A batch is the set of samples one step averages its gradient over; an epoch is one full pass over all the samples.' },
      dropout: { title: 'Dropout', text: 'While training, each hidden neuron is switched off at random with probability p, so the network cannot lean on any single neuron. Greyed-out neurons show which ones a step dropped.' },
    },

    // Messages, links and saving
    dismiss: 'Dismiss this message',
    badLink: 'This link could not be opened, so nothing was loaded from it.',
    badStored: 'The network saved in this browser was damaged, so it was set aside: it is kept as it was, to download.',
    badAttribute: 'The state given to this playground could not be loaded; the example is shown instead.',
    badParam: 'A display setting in the link was ignored.',
    downloadAside: 'Download it',
    coreRestarted: 'The core stopped with an error and was started again; the network is as it was before.',
    storageFailed: 'This browser is not keeping your work (its storage is full or turned off). The link in the address bar still holds it: copy it to keep it.',
    otherTab: 'This network was also saved from another tab, so this tab now keeps its own copy in Recent.',
    recent: 'Recent',
    recentTitle: 'Networks this browser keeps: the last 10 you changed or opened from a link',
    recentFrom: { link: 'Shared link', work: 'Your network' },
    recentNone: 'Nothing saved yet.',
    recentAside: 'A damaged entry, set aside: download it',
    diverged: (n) => `Diverged at step ${n}: lower the learning rate.`,
    divergedMore: 'The numbers grew without bound, so training stopped. The network from before that step is kept; Undo goes back further.',
    copyLink: 'Copy link',
    linkCopied: 'Link copied',
    copyManually: 'Copy this link:',
    linkTitle: 'A link that opens this exact network, its weights and samples',

    // A figure in an article (no url-state)
    moreParts: 'More',
    moreTitle: 'Training, the other lessons, data sets, settings and exports',
    less: 'Less',
    lessTitle: 'Back to the figure: the diagram, the steps, the walk and the chain rule',
    moreFailed: 'The rest of the playground could not load:',
    fullPage: 'Open in the full page',
    fullPageTitle: 'This network, as it is now, in the whole playground (a new tab)',

    // Data panel
    perFrameAuto: 'auto / frame',
    chartTest: 'test loss (held out)',
    secData: 'Data',
    dataPlotLabel: 'The samples over the network\'s output: orange is 0, blue is 1; filled dots train, rings are held out for testing',
    datasets: { xor: 'XOR', circle: 'Circle', gaussians: 'Blobs', spiral: 'Spiral', sine: 'Sine', plane: 'Plane', gaussian_mix: 'Bumps' },
    datasetHint: {
      xor: 'Opposite corners share a class: no single straight line separates them',
      circle: 'A disc of one class inside a ring of the other',
      gaussians: 'Two Gaussian clouds: a straight line almost separates them',
      spiral: 'Two interleaved spiral arms: needs two hidden layers',
      sine: 'Regression with one input: fit the curve y = sin x',
      plane: 'Regression with two inputs: fit the tilted plane y = (x₁ + x₂)/2',
      gaussian_mix: 'Regression with two inputs: two bumps up, two down',
    },
    datasetGoal: (loss, epochs) => `A fresh network for it reaches a held-out loss under ${loss} at ${epochs} epochs a second`,
    playEpochs: 'Play speed',
    epochsPerSecond: (n) => `${n} epoch${n === 1 ? '' : 's'}/s`,
    epochsMax: 'Max',
    epochsBySteps: 'steps / frame',
    dataEpoch: 'Epoch',
    features: 'Inputs to layer 1',
    featureNames: { x1: 'x₁', x2: 'x₂', x1_squared: 'x₁²', x2_squared: 'x₂²', x1_x2: 'x₁x₂', sin_x1: 'sin x₁', sin_x2: 'sin x₂' },
    healthSaturated: (list) => `Saturated: ${list}. Their f'(z) is near 0 on nearly every sample, so little gradient flows back through them; smaller weights or a lower learning rate help.`,
    healthDead: (list) => `Dead: ${list}. These ReLUs are 0 on every sample and pass no gradient at all; new weights or a lower learning rate help.`,
    showTest: 'Show test data',
    discretize: 'Discretize output',
    dataCount: 'Points',
    dataNoise: 'Noise',
    dataTestShare: 'Held out for testing',
    regenerate: '↻ Regenerate',
    regenerateHint: 'New random points from the next seed',
    csvSummary: 'Paste or upload a CSV',
    csvHint: 'One x1,x2,label row per point (label 0 or 1); a header line is allowed.',
    csvPlaceholder: 'x1,x2,label\n0.2,-0.5,1\n-0.7,0.1,0',
    csvLabel: 'CSV rows: x1,x2,label',
    csvLoad: 'Load CSV',
    csvFile: 'Upload…',
    csvNotShown: (name) => `${name} is loaded; it is too long to show here.`,
    dataNeedsInputs: 'The data view draws networks with one or two inputs.',
    dataTrain: 'training',
    dataTest: 'test',
    trainLoss: 'Training loss',
    testLoss: 'Test loss',
    // ---- Sharing, export, classroom, accessibility -----------------------
    secShare: 'Share',
    exportJson: 'Save state (JSON)',
    importJson: 'Open state…',
    exportSvg: 'Diagram (SVG)',
    exportPng: 'Diagram (PNG)',
    exportMd: 'Chain rule (Markdown)',
    exportLatex: 'Chain rule (LaTeX)',
    exportCsv: 'Training log (CSV)',
    explainParam: 'Chain rule for',
    copyEmbed: 'Embed…',
    embedTitle: 'Embed this network',
    embedScript: 'In a blog post (one script tag; copy the folder with the page’s files next to it):',
    embedIframe: 'As an iframe:',
    copy: 'Copy',
    copied: 'Copied',
    close: 'Close',
    dropHere: 'Drop a state file (.json) to load it',
    loadedFile: (name) => `Loaded ${name}.`,
    noLog: 'No steps in the log yet: press Step or Train first.',
    srcFailed: (url, why) => `src: could not load ${url} (${why})`,
    srcOrigin: 'src: only files from this site can be loaded',
    badFile: 'This file was not loaded; the network is unchanged.',
    badSrc: 'The state file given to this playground could not be loaded; the example is shown instead.',
    badPreset: 'This playground names an example that does not exist; the first example is shown instead.',
    exportFailed: 'The export could not be made.',
    presenter: 'Presenter',
    quiz: 'Quiz',
    help: 'Shortcuts',
    helpTitle: 'Keyboard shortcuts',
    keys: [
      ['Space', 'Play or pause'],
      ['← →', 'Previous or next phase'],
      ['F', 'Forward'],
      ['B', 'Backward'],
      ['S', 'Step'],
      ['P', 'Presenter mode: large type, panels hidden'],
      ['Q', 'A quiz question'],
      ['Ctrl Z / Ctrl Y', 'Undo / redo'],
      ['?', 'This help'],
      ['Esc', 'Close'],
    ],
    notationTitle: 'Notation',
    notationNote: 'The seed numbers layers from 1 (the inputs). w³₁₂ is the weight into neuron 1 of layer 3 from neuron 2 of layer 2. The compact names count weights row by row and call neurons i (input), h (hidden) and o (output).',
    colMeaning: 'meaning',
    colSeed: 'by layer',
    colCompact: 'compact',
    meanings: { w: 'weight', b: 'bias', z: 'weighted input', a: 'activation', d: 'δ = ∂L/∂z', gw: 'gradient of a weight' },
    quizAsk: (name) => `What is ${name}?`,
    quizHint: (digits) => `Work it out from the values on screen, to ${digits} significant digits.`,
    quizCheck: 'Check',
    quizReveal: 'Show answer',
    quizNext: 'Another question',
    quizRight: (v) => `Right: ${v}.`,
    quizWrong: (v) => `Not quite: it is ${v}.`,
    quizTryAgain: (hint) => `Not yet. Hint: ${hint}. One more try.`,
    quizNaN: 'Type a number, e.g. 0.5933',
    quizHow: 'How it is computed:',
    quizAnswer: 'Your answer',
    announceForward: (loss) => `Forward done: loss ${loss}`,
    announceBackward: (loss) => `Backward done: every δ and gradient shown, loss ${loss}`,
    announceStep: (step, loss) => `Step ${step}: loss ${loss}`,
    announceState: (loss) => `Network loaded, loss ${loss}`,
    announceNone: 'Network reset: press Forward to compute.',
    diagramDesc: (layers, note) => `A network with layers of ${layers} neurons. ${note}.`,
    signNote: 'Negative values carry a minus sign, negative weights a dashed wire',
    // An error in words: the core's own English message (or the page's, see PAGE_ERRORS).
    error: (err) => errorText('en', err),
  },
};

/** The table for `lang` ('en', or 'zh' once loaded; anything else falls back to English). */
export function strings(lang) {
  return STRINGS[lang] ?? STRINGS.en;
}

let zhErrors = null; // the core's and the page's error codes in Chinese, once loaded

/** Whether `strings(lang)` gives that language's table now (else see `loadStrings`). */
export function hasStrings(lang) {
  return lang !== 'zh' || Boolean(STRINGS.zh);
}

/**
 * Makes the table for `lang` ready: the Chinese one is a module of its own,
 * fetched the first time a page shows Chinese. Resolves when `strings(lang)`
 * gives it.
 */
export async function loadStrings(lang) {
  if (lang !== 'zh' || STRINGS.zh) return;
  const zh = await import('./strings-zh.js');
  STRINGS.zh ??= zh.ZH;
  PAGE_ERRORS.zh ??= zh.ZH_PAGE_ERRORS;
  zhErrors ??= { ...zh.ZH_PAGE_ERRORS, ...zh.ZH_ERRORS };
}

// ---- Errors -----------------------------------------------------------------
// The core throws an Error with `code`, `field` and `params`
// (docs/bindings.md). English shows the core's own message; Chinese is
// worded here from the code and its parameters, with the field (a name
// from the state format) kept in front as it is. Quoted values stay as given.

/** A number as the core writes it in messages: the shorter of 1e6 and 1000000, 0.5 as 0.5. */
export function num(x) {
  const v = Number(x);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'inf' : '-inf';
  const e = v.toExponential().replace('e+', 'e');
  const plain = String(v);
  return plain.includes('e') || e.length < plain.length ? e : plain;
}

/** A byte count as the core writes it: 900 bytes, 12.5 KB, 16 MB. */
export function bytes(n) {
  if (n < 1e3) return `${n} bytes`;
  if (n < 1e6) return `${Math.round(n / 1e2) / 10} KB`;
  return `${Math.round(n / 1e5) / 10} MB`;
}

/**
 * The page's own errors, for input that never reaches the core (a display
 * setting in the link, a name for select(), an export's kind): the same shape as the
 * core's, worded here in both languages.
 */
export const PAGE_ERRORS = {
  en: {
    not_one_of: ({ allowed, got }) => `expected one of ${[allowed].flat().join(', ')}, got '${got}'`,
    not_a_param: ({ name }) => `expected a weight or bias of this network such as w2.1.1 or b2.1, got '${name}'`,
    saved_link: ({ got }) => `expected a saved link (s=1.…), got '${got}'`,
  },
};

/** Text quoted in a message, cut short: what was refused can be a whole pasted link or file. */
export const excerpt = (text, max = 40) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * One of the page's own errors (PAGE_ERRORS), thrown like the core's:
 * English message, code, field, params; quoted text is cut to an excerpt.
 */
export function pageError(code, field, params) {
  params = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? excerpt(v) : v]));
  const text = PAGE_ERRORS.en[code](params);
  return Object.assign(new Error(field ? `${field}: ${text}` : text), { code, field, params });
}

/**
 * An error in `lang`: English is the message as thrown; Chinese (once
 * loaded) is worded from `code` and `params`, the field in front. An error without a known code
 * (the browser's own, say) keeps its message.
 */
export function errorText(lang, err) {
  if (err === null || err === undefined) return '';
  if (typeof err !== 'object') return String(err);
  const word = lang === 'zh' ? zhErrors?.[err.code] : null;
  if (!word) return String(err.message ?? err);
  return `${err.field ? `${err.field}:` : ''}${word(err.params ?? {})}`;
}
