// Keeps every Content-Security-Policy refusal, so the test can name what a library would need the policy to allow.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline') + ' '
      + (event.sourceFile || '') + ':' + event.lineNumber);
});
