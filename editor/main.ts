// Placeholder until the editor (React + @xyflow/react) arrives: proves the Vite build end to end.
const app = document.getElementById('app');
if (app) {
  const title = document.createElement('h1');
  title.textContent = 'Musubi';
  const note = document.createElement('p');
  note.textContent = navigator.language.startsWith('ja')
    ? 'エディターは準備中です。'
    : 'The editor is on its way.';
  app.append(title, note);
}
