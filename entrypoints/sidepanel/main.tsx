import { render } from 'preact';
import { App } from './App';
import { connect } from './model';
import './style.css';

connect();
render(<App />, document.getElementById('app')!);
