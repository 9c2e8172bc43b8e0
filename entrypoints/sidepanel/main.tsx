import { render } from 'preact';
import { App } from './App';
import { connect } from './model';
import { connectLive } from './live';
import { connectHistory } from './history';
import { connectFirstRun } from './FirstRunSection';
import { holdPresence } from './presence';
import './style.css';
import './ux.css';

connect();
connectLive();
connectHistory();
connectFirstRun();
holdPresence();
render(<App />, document.getElementById('app')!);
